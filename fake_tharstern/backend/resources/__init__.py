"""One mixin per Tharstern resource the faked API serves: auth, customers, catalog, estimates (and pricing), orders."""
