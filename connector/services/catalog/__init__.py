"""Connect Link and product mapping: the Connect Link list and diagnosis, variant links, attribute fit."""
