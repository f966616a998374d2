"""Pure rules of the connector: no HTTP, no database, no Flask. Each module takes plain values
and returns plain values, so each rule is unit-tested on its own."""
