// FindReuse: written next.
