"""E-mail to staff about items, without their content (issue #15): urgent items, tipsters'
answers. What the mail may say is the reference, the kind, the area and a link; never text,
place, names or receipts (``tipsapp/notifications/mail.py``)."""
