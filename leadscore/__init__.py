"""Lead-scoring warehouse tooling."""
