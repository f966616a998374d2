"""The fake's data: the state, entity builders and validation, enums, seeding, paging, dates."""
