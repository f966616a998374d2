"""Orders: placement, the orders/submit payload, the outbox and its sends, order state."""
