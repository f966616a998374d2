"""The tables revision 0001 makes (the schema as ``create_all`` made it before migrations), in
three groups, each creating its tables in an order their foreign keys allow and dropping them in
the reverse order: ``storefronts``, then ``catalogue``, then ``orders`` (which refers to both).

Kept out of ``versions/`` because Alembic takes every module there for a revision. Frozen with
the revision: never edit it to follow the models; a change to the schema is a new revision."""
