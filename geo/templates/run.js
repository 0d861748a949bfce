geo.run({map: {{ map }}, groups: [{{ groups|join(", ") }}], root: document.getElementById({{ root_id }})}, {{ steps }});
