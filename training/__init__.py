"""Fine-tuning (LoRA/QLoRA), merging, perplexity and the ECI classification head."""
