"""Anonymous tips from residents: intake, receipts and the resident's follow-up."""
