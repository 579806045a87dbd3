"""A LocalStack Lambda runtime executor that runs java21 functions as local processes (no Docker)."""
