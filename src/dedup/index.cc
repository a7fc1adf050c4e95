// Index: written next.
