"""Safety walks (trygghetsvandringar): walks, participants and what they observe."""
