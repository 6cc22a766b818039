"""greenwave SUMO bridge: corridor scenarios, conversion to the wire contract, ground truth, validation."""
