"""The words of the resident's pages, Swedish first; the script gets them as a JSON block."""

from __future__ import annotations

from tipsapp.i18n import Table

# The pictogram (a symbol of templates/resident/_icons.html) beside each category's words;
# decorative (aria-hidden): the words say it all. A category added later gets DEFAULT_ICON.
DEFAULT_ICON = "dots"
CATEGORY_ICONS: dict[str, str] = {
    "disorder": "megaphone",
    "violence": "burst",
    "vandalism": "spray",
    "unsafe_environment": "moon",
    "drugs": "pill",
    "traffic": "car",
    "burglary_theft": "lock-open",
    "fraud": "phone",
    "sexual_offence": "shield",
    "domestic_violence": "house",
    "online_abuse": "chat",
    "other": "dots",
}

TEXTS = Table(
    "resident",
    {
        # shared
        "site_name": "Tip off the municipality and police",
        "language_label": "Language",
        # error pages (a wrong address, a limit, a fault) on the resident and public side
        "error_title_404": "We cannot find that page",
        "error_title_429": "Too many attempts",
        "error_title_other": "Something went wrong",
        "error_wait_minutes": "Wait {minutes} minutes and try again.",
        "error_wait_seconds": "Wait {seconds} seconds and try again.",
        "error_back": "Go to the start page",
        "error_emergency": "If someone is in danger, call 112. For other police matters: 114 14.",
        "text_too_long": "The text is {over} characters too long. Shorten it to at most {max} "
        "characters.",
        "characters_left": "{n} characters left",
        "optional": "optional",
        "needs_script": "This page needs JavaScript to send. Turn JavaScript on and try again.",
        "noscript": "The form needs JavaScript. You can also call the police on 114 14.",
        "privacy": "You are anonymous. We do not store your IP address, your browser or anything "
        "else about you. Do not write your name unless you want to.",
        "network_error": "We could not be reached. Check your connection and press again: the tip "
        "is sent only once.",
        "unknown_error": "Something went wrong. Try again in a moment.",
        "rate_limited": "Too many attempts. Wait a while and try again.",
        "error_heading": "It could not be sent",
        "followup_link": "Follow up a tip you sent",
        "form_link": "Send a new tip",
        # the tip form
        "form_title": "Send an anonymous tip",
        "form_intro": "Tell us what you have seen or experienced in the municipality. The tips "
        "are read by the municipality and the police and used in their joint situation report.",
        "area_label": "Municipality",
        "category_legend": "What is it about?",
        "text_label": "What happened?",
        "text_hint": "Describe it in your own words, at least 10 characters.",
        "when_legend": "When did it happen?",
        "when_label": "Date and time",
        "when_hint": "Leave empty if you do not know.",
        "where_legend": "Where did it happen?",
        "place_label": "Name of the place",
        "place_hint": "For example a street, a park or a school.",
        "use_position": "Use my position",
        "remove_position": "Remove the position",
        "position_asking": "Finding your position …",
        "position_added": "Your position will be added (about ± {m} metres).",
        "position_denied": "You did not allow access to your position. Write the name of the "
        "place instead.",
        "position_failed": "The position could not be found. Write the name of the place instead.",
        "position_unsupported": "Your browser cannot give a position. Write the name of the place "
        "instead.",
        "photo_legend": "Photo",
        "photo_label": "Choose or take a photo",
        "photo_hint": "The photo is made smaller and information about place and camera is "
        "removed before it is sent. Do not show faces unless needed.",
        "photo_preview": "The photo you chose",
        "photo_remove": "Remove the photo",
        "photo_unreadable": "The photo could not be read. Choose another photo (JPEG, PNG or "
        "WebP).",
        "submit": "Send the tip",
        "sending": "Sending …",
        "urgent_heading": "Is it happening now?",
        "call_112": "Call 112",
        # field errors: our own words that say what to do (the API's are for other fields)
        "field_area": "Choose a municipality.",
        "field_text": "Write what happened in at least 10 and at most 5000 characters.",
        "field_category": "Choose a category in the list.",
        "field_occurred_at": "Give a time that is not in the future.",
        "field_place": "The name of the place may be at most 200 characters.",
        "field_location": "The position is not in Sweden. Remove it and write the name of the "
        "place.",
        # the receipt
        "receipt_title": "Thank you! Your tip is sent",
        "reference_label": "Reference",
        "receipt_label": "Receipt",
        "status_label": "Status",
        "save_advice": "Save the reference and the receipt, for example with a screenshot or by "
        "writing them down. With them you can see what happens to the tip and answer "
        "questions. The receipt is shown only now and cannot be sent again.",
        "receipt_qr_alt": "QR code with the reference and the receipt",
        "receipt_qr_hint": "A screenshot of the QR code is enough: a camera reads the reference "
        "and receipt.",
        "copy_receipt": "Copy reference and receipt",
        "copied": "Copied.",
        "copy_selected": "The text is selected: copy it with your phone's menu.",
        "photo_uploading": "Sending the photo …",
        "photo_uploaded": "The photo is sent.",
        "photo_failed": "The photo could not be sent. The tip is saved anyway.",
        "photo_retry": "Try sending the photo again",
        # the follow-up
        "followup_title": "Follow up your tip",
        "followup_intro": "Write the reference and the receipt you got when you sent the tip.",
        "reference_hint": "For example T-7K3Q-9XPA",
        "show_status": "Show status",
        "not_found": "We find no tip with that reference and receipt. Check that you copied them "
        "correctly.",
        "field_reference": "Write the reference.",
        "field_receipt": "Write the receipt.",
        "messages_heading": "Messages",
        "no_messages": "No messages yet.",
        "from_staff": "From the case officer",
        "from_you": "From you",
        "reply_label": "Your answer",
        "reply_hint": "The answer is anonymous, just like the tip. At most 2000 characters.",
        "send_reply": "Send the answer",
        "reply_sent": "Your answer is sent.",
        "field_body": "Write an answer of at most 2000 characters.",
        "other_tip": "Follow up another tip",
        # walk mode (/w/<code> and /vandring)
        "walk_title": "Safety walk",
        "walk_intro": "Write the code from the poster or invitation to join. You do not need to "
        "give a name.",
        "walk_code_label": "Code of the walk",
        "walk_code_hint": "For example ABCD-EFGH",
        "walk_join": "Join the walk",
        "walk_joining": "Joining …",
        "walk_not_found": "No walk is open with that code right now. Check the code.",
        "walk_join_offline": "You need to be online to join. Try again when you have coverage.",
        "walk_field_code": "Write the code.",
        "walk_meeting_point": "Meeting point",
        "walk_offline_note": "What you save stays on the phone and is sent when you are online.",
        "walk_pending": "Waiting to be sent: {n}",
        "walk_all_sent": "Everything is sent.",
        "walk_sending": "Sending …",
        "walk_offline": "You are offline. The observations will be sent later.",
        "walk_send_failed": "They could not be sent now. We will try again shortly.",
        "walk_token_expired": "Your access to the walk has expired. Join again with the code; "
        "what you saved is kept.",
        "walk_closed": "The walk is closed and takes no more observations.",
        "walk_issue_legend": "What do you see?",
        "walk_note_label": "Short note",
        "walk_place_label": "Place",
        "walk_ratings_summary": "Rate the place (0 poor to 3 good)",
        "walk_rating_none": "No rating",
        "walk_save": "Save the observation",
        "walk_saved": "Saved.",
        "walk_field_issue": "Choose what you see.",
        "walk_save_failed": "The observation could not be saved on the phone. Does the browser "
        "allow storage?",
        "walk_photo_hint": "The photo is made smaller and information about place and camera is "
        "removed before it is kept on the phone. It is sent after the observation. Do not "
        "show faces.",
        "walk_sending_photos": "Sending photos …",
        "walk_photo_refused": "The photo was not accepted (the observation is sent).",
        "walk_with_photo": "with a photo",
        "walk_invalid_heading": "Could not be accepted",
        "walk_remove": "Remove",
        "walk_leave": "Leave the walk",
        "issue_lighting": "Lighting",
        "issue_vegetation": "Vegetation",
        "issue_littering": "Litter",
        "issue_graffiti": "Graffiti",
        "issue_damage": "Damage",
        "issue_crossing": "Crossing",
        "issue_speeding": "Speeding",
        "issue_gathering": "People gathering",
        "issue_other": "Other",
        # the walkthrough's fixes
        "lookup_error_heading": "The tip could not be shown",
        "status_help_received": "Your tip has arrived and waits to be read by a case officer at "
        "the municipality or the police. Tips are not read around the clock. If they have a "
        "question for you, it shows here.",
        "status_help_in_progress": "A case officer has read your tip and is working on it. If "
        "they have a question for you, it shows here.",
        "status_help_reported": "Your tip is part of the situation report that the municipality "
        "and the police use together to plan their work for safety.",
        "status_help_closed": "The case officers are done with your tip. You can still read the "
        "messages here.",
        "reply_after_staff": "If a case officer writes to you, you can answer here.",
        # Shown once the tip is handed over (never to whom: the recipient is no one's business).
        "status_handed_over": "Your tip has been passed on to those responsible for the matter.",
        "fixed_intro": "The work on what you reported is marked as done. Tell us if it is fixed. "
        "Your answer is anonymous.",
        "fixed_done_on": "Marked as done on {date}.",
        "fixed_send": "Send answer",
        "fixed_choose": "Choose yes, no or partly.",
        "fixed_saved": "Thank you. Your answer is saved. You can change it later.",
        "rate_limited_seconds": "Too many attempts. Wait {seconds} seconds and try again.",
        "rate_limited_minutes": "Too many attempts. Wait {minutes} minutes and try again.",
        "receipt_qr_link_hint": "Scan the QR code with a phone's camera to open the follow-up "
        "with the reference and receipt filled in. A screenshot of it is enough to keep them.",
    },
)

# The pictogram beside each of walk mode's issues (what is seen on the street).
ISSUE_ICONS: dict[str, str] = {
    "lighting": "bulb",
    "vegetation": "tree",
    "littering": "bin",
    "graffiti": "spray",
    "damage": "broken",
    "crossing": "crossing",
    "speeding": "gauge",
    "gathering": "people",
    "other": "dots",
}

# The about page (/om) and the accessibility statement (/tillganglighet). Every claim here is
# pinned to the code by tests/resident/test_about.py: change both together.
ABOUT = Table(
    "about",
    {
        "title": "About the service and your anonymity",
        "intro": "{municipality} and {police_area} receive tips here about safety where you "
        "live. You do not have to say who you are.",
        "stored_heading": "What is stored",
        "stored_body": "What you write, the category, the place and time you give, a photo if "
        "you add one, and the time the tip arrived, to the minute. A photo is made smaller and "
        "its place and camera information is removed on your phone before it is sent. Your "
        "position is stored only if you press “Use my position”.",
        "never_heading": "What is never stored",
        "never_body": "Your IP address, your browser or phone, or anything else that shows "
        "who sent the tip. Your name is stored only if you write it yourself. These pages set "
        "one cookie, and only if you pick a language: it holds the language and nothing else.",
        "readers_heading": "Who reads your tip",
        "readers_body": "Analysts at the municipality and the police read the whole text. "
        "Everywhere else (lists, reports, exports) names, street addresses, personal identity "
        "numbers, phone numbers, e-mail addresses and car registration numbers are masked "
        "automatically, and analysts check the text before anything is shared. Partners, such "
        "as housing companies, never see your text: only a short summary that an analyst "
        "writes.",
        "kept_heading": "How long it is kept",
        "kept_body": "Your text is erased {tip_months} months after the situation report it "
        "was part of; photos after {photo_months} months and messages after {message_months} "
        "months. A tip that goes into no report is erased at the latest {unreported_months} "
        "months after it was closed. What remains are counts: category, area and month.",
        "emergency_heading": "When to call instead",
        "emergency_body": "Is a crime happening now, or is someone in danger? Call 112. To "
        "report a crime or tell the police something that is not urgent: call 114 14. Tips "
        "here are not read around the clock.",
        "data_heading": "Your personal data",
        "data_body": "The municipality and the police are responsible for the personal data "
        "in the tips, each for its own part. Read more about your rights in the personal-data "
        "notice.",
        "data_link": "The personal-data notice",
        "contact": "Questions: {contact}",
        "accessibility_link": "Accessibility",
        "about_link": "About the service and your personal data",
        "a11y_title": "Accessibility statement",
        "a11y_intro": "{municipality} stands behind this service. We want as many people as "
        "possible to be able to use it. This statement describes how the service meets the "
        "law on accessibility to digital public services, known problems and how you can "
        "report shortcomings so that we can fix them.",
        "a11y_status_heading": "How accessible is the service?",
        "a11y_status_body": "The service partly meets the law on accessibility to digital "
        "public services, because of the shortcomings described below.",
        "a11y_gaps_heading": "Content that is not accessible",
        "a11y_gaps_body": "The map of a safety walk is a picture; its observations are also "
        "listed as text. The translations other than Swedish have not yet been checked by "
        "native speakers.",
        "a11y_contact_heading": "Report shortcomings or ask for another format",
        "a11y_contact_body": "If you cannot use a part of the service, need its content in "
        "another format or find a problem that is not described here, tell us and we will try "
        "to help.",
        "a11y_supervision_heading": "Supervision",
        "a11y_supervision_body": "The Agency for Digital Government (Myndigheten för digital "
        "förvaltning, DIGG) supervises the law on accessibility to digital public services. If "
        "you are not satisfied with how we handle your views, you can report it to DIGG.",
        "a11y_tested_heading": "How we tested the service",
        "a11y_tested_body": "We test every resident page ourselves with automated checks "
        "(axe-core) and on a phone-sized screen, in every offered language. The statement was "
        "last updated on {date}.",
    },
)
