"""The features, one module each: the only callers of the store, and the home of
every rule that needs more than one record (who may see or change what, what an
import may change, a withdrawn participant's access). Widgets, the command line and
the report sections call these and never the store."""
