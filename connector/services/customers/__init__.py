"""Customer codes: resolution, automatic link-or-create by e-mail, the Connect Link popup."""
