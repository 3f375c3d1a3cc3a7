"""EST reporters: staff of partner organisations who log what they see on their rounds.

Caretakers, security guards, youth-centre and municipal staff are trained reporters in the EST
method. A report is not anonymous: it carries its author's account and organisation. Its text
rides on a ``Tip`` row, so the queue, search, masking, photos, handover and retention treat it
as they treat a tip; the queue item's kind ``report`` keeps it apart wherever it is counted.
"""
