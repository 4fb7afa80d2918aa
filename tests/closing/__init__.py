"""The end of a relationship at its edges: what a review of the closing reflections
found, one module per defect."""
