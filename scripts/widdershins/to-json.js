// Prints a YAML or JSON OpenAPI document as JSON, with the YAML reader
// widdershins itself depends on, so both sides read the same values.
const fs = require('fs');
const yaml = require('yaml');
process.stdout.write(JSON.stringify(yaml.parse(fs.readFileSync(process.argv[2], 'utf8')), null, 2) + '\n');
