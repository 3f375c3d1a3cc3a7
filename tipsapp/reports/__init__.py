"""The joint situation report (gemensam lägesbild) and the public follow-up."""
