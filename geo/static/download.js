/* The credit's "Download the relations (CSV)" link: the relations table from the page's
 * data block (ctx.data.csv), handed to the link as a file of its own (a blob: URL), so the
 * page carries the table once, deflated with the rest of its data. */
geo.behaviours.download = function (ctx) {
  "use strict";
  var link = ctx.root.querySelector(".geo-credit a[download]");
  if (!link || typeof ctx.data.csv !== "string") { return; }
  link.href = URL.createObjectURL(new Blob([ctx.data.csv], {type: "text/csv;charset=utf-8"}));
};
