"""Jobs in production: the jobs mixin, the status lifecycle and timed automatic progression."""
