"""Every word of the staff console (the ``console`` catalogues: Swedish and English).

Templates get the chosen language's texts as ``t`` and the script gets them in a JSON block.
No key may be the name of a ``dict`` method (``t.items`` would find the method, not the text):
a test checks that.
"""

# Typographic dashes are meant: this is text people read.
# ruff: noqa: RUF001

from __future__ import annotations

from babel import Locale

from tipsapp.common.i18n import (
    ACTION_STATUS_LABELS,
    CATEGORY_LABELS,
    CHECKLIST_LABELS,
    FOCUS_LABELS,
    ISSUE_LABELS,
)
from tipsapp.i18n import STAFF_LANGUAGES as LANGUAGES
from tipsapp.i18n import Table
from tipsapp.triage.language import DETECTABLE_LANGUAGES

DEFAULT_LANGUAGE = "sv"

TEXTS = Table(
    "console",
    {
        # frame
        "console_name": "tipsapp staff",
        "nav_label": "Console",
        "nav_queue": "Queue",
        "nav_report": "Next report",
        "nav_walks": "Safety walks",
        "nav_actions": "Actions",
        "switch_language": "På svenska",
        "skip_link": "Skip to the content",
        "logout": "Log out",
        "needs_script": "The console needs JavaScript.",
        "loading": "Loading…",
        "saving": "Saving…",
        "saved": "Saved.",
        "unreachable": "The server could not be reached. Try again.",
        "request_failed": "The request failed ({status}).",
        "changed_meanwhile": "{reference} was changed meanwhile by someone else. It has been "
        "reloaded; check it and try again.",
        "role_role": "role",
        "none": "none",
        "yes": "yes",
        "no": "no",
        "back_to_queue": "Back to the queue",
        # login and access
        "login_title": "Log in",
        "email": "E-mail",
        "password": "Password",
        "login_button": "Log in",
        "login_expired": "The form expired. Please try again.",
        "login_wrong": "Wrong e-mail or password.",
        "login_throttled": "Too many failed attempts. Please wait and try again later.",
        "logout_expired": "The form expired. Go back and try again.",
        "denied_title": "No access",
        "denied_body": "This page is not for your role ({role}).",
        "denied_partner": "As a partner you see safety walks and actions.",
        "not_found_title": "Not found",
        "not_found_body": "There is no such item among those you may see.",
        # the queue
        "queue_title": "Queue",
        "queue_items_heading": "Items",
        "queue_list_label": "Queue items",
        "queue_empty": "No items match.",
        "queue_count": "{count} items shown.",
        "queue_counts": "Per status: {counts}",
        "load_more": "Show more",
        "select_item": "Select {reference}",
        "select_all": "Select all shown",
        "urgent": "URGENT",
        "attention": "Tipster answered",
        "needs_translation": "Translate first",
        "needs_translation_hint": "The triage cannot read this text well (its language, or an "
        "unsure suggestion): have it translated before you decide its category.",
        "language_code": "Language: {language}",
        "message_language_hint": "The tipster wrote in {language}. Write in that language if you "
        "can, or in plain Swedish.",
        "suggested": "suggested",
        "words": "words",
        "urgency_words": "Urgency words",
        "keys_heading": "Keyboard",
        "key_move": "next / previous item",
        "key_category": "set the category (below)",
        "key_queue": "queue for the next report",
        "key_reject": "reject (asks for a reason)",
        "key_select": "select for a bulk action",
        "key_open": "open the item (the read is audited)",
        "number": "number",
        "categories_heading": "Categories",
        "category_mode": "Category: type a number…",
        "category_typed": "Category: {digits}…",
        "no_such_number": "No category has the number {number}.",
        "done_category": "{reference}: category {label}.",
        "done_queue": "{reference} is queued for the next report.",
        "done_reject": "{reference} is rejected.",
        "reject_prompt": "Why reject {reference}?",
        "reject_keys_help": "Enter rejects, Escape cancels.",
        "reject_cancelled": "Rejecting was cancelled.",
        "cancel": "Cancel",
        # filters
        "filters_heading": "Filters",
        "filter_status": "Status",
        "filter_status_open": "Open (new, triaged, queued)",
        "filter_any": "All",
        "filter_category": "Category",
        "filter_focus": "Focus area",
        "filter_area": "Area",
        "filter_urgency": "Urgency",
        "filter_language": "Language of the text",
        "filter_translation": "Translation",
        "filter_needs_translation": "Must be translated first",
        "filter_readable": "Readable by the triage",
        "filter_urgent_only": "Urgent only",
        "filter_not_urgent": "Not urgent",
        "filter_since": "Received from",
        "filter_until": "Received until",
        "filter_text": "Free text",
        "filter_sort": "Order",
        "sort_priority": "Priority",
        "sort_newest": "Newest first",
        "sort_oldest": "Oldest first",
        "filter_apply": "Filter",
        "filter_clear": "Clear filters",
        # bulk actions
        "bulk_heading": "Actions on selected items",
        "bulk_selected": "{count} selected",
        "bulk_category": "Set category",
        "bulk_apply_category": "Set category",
        "bulk_queue": "Queue",
        "bulk_archive": "Archive",
        "bulk_reject": "Reject",
        "bulk_reason": "Reason for rejecting",
        "bulk_none": "Select at least one item first.",
        "bulk_need_reason": "Write a reason for rejecting.",
        "bulk_running": "Working: {done} of {count}…",
        "bulk_result": "{ok} of {count} done.",
        "bulk_failed_one": "{reference}: {message}",
        "bulk_stale": "changed meanwhile, reloaded",
        # the item
        "item_title": "Item {reference}",
        "item_facts": "Facts",
        "fact_status": "Status",
        "fact_kind": "Kind",
        "fact_area": "Area",
        "fact_received": "Received",
        "fact_occurred": "Occurred",
        "fact_place": "Place",
        "fact_language": "Language of the text",
        "language_bs": "Bosnian/Croatian/Serbian",
        "language_und": "not known",
        "fact_location": "Position",
        "fact_priority": "Priority",
        "fact_support": "Supporting reports",
        "fact_shared": "Shared with partners",
        "fact_duplicate_of": "Duplicate of",
        "fact_rejection": "Reason for rejecting",
        "kind_tip": "Tip",
        "kind_observation": "Observation from a walk",
        "text_heading": "Text",
        "redacted_note": "The text is redacted; others read the redacted text.",
        "original_heading": "Original text (admins only)",
        "category_heading": "Category",
        "resident_category": "The resident's choice",
        "machine_category": "The machine's suggestion",
        "machine_words": "Words that decided it",
        "confidence": "confidence {percent}%",
        "analyst_category": "Category (your decision)",
        "choose": "Choose…",
        "save_category": "Save category",
        "priority_label": "Priority (0–999, empty = automatic)",
        "save_priority": "Save priority",
        "actions_heading": "Actions",
        "act_queue": "Queue for the next report",
        "act_unqueue": "Take out of the next report",
        "act_reopen": "Reopen",
        "act_archive": "Archive",
        "act_reject": "Reject",
        "reject_reason": "Reason for rejecting",
        "act_share": "Share with partners…",
        "act_unshare": "Stop sharing with partners",
        "fact_partner_summary": "Summary for partners",
        "share_summary_label": "Summary for partners (at most 500 characters)",
        "share_explain": "Partners read only this summary and the item's category, area, "
        "district and time: never the text, the place, the photos, the notes or the messages. "
        "Write nothing that identifies anyone. Items in sensitive categories cannot be shared.",
        "share_submit": "Share",
        "share_need_summary": "Write the summary partners will read.",
        "share_cancelled": "Sharing was cancelled.",
        "done_share": "{reference} is shared with partners.",
        "done_unshare": "{reference} is no longer shared; its summary for partners is removed.",
        "redact_heading": "Redact the text",
        "redact_text": "New text",
        "redact_reason": "Reason",
        "act_redact": "Save the redacted text",
        "erase_heading": "Erase the content",
        "erase_explain": "The text, the place, the exact position, the notes, the photos and the "
        "messages with the tipster are erased, and the reasons in the item's earlier audit "
        "entries. Category, area, status and the figures of published reports stay.",
        "erase_warning": "The erasure cannot be undone.",
        "erase_reason": "Reason for erasing (kept in the audit log)",
        "erase_confirm": "I understand that the content is erased for good and cannot be restored.",
        "act_erase": "Erase content now",
        "erase_need_reason": "Write a reason for erasing.",
        "erase_need_confirm": "Tick that you understand the erasure cannot be undone.",
        "done_erase": "The content of {reference} is erased.",
        "fact_erased": "Content erased",
        "erased_note": "The content was erased {when}: text, place, notes, photos and messages "
        "are gone.",
        "done_action": "{reference}: {action}.",
        "photos_heading": "Photos",
        "no_photos": "No photos.",
        "photo_alt": "Photo {number} of {reference}",
        "photo_open": "Open in full size (audited)",
        "similar_heading": "Similar items",
        "no_similar": "No similar items.",
        "similar_score": "similarity {score}",
        "merge_into": "Merge into {reference}",
        "merge_confirm": "Mark {reference} as a duplicate of {target}?",
        "done_merge": "{reference} is now a duplicate of {target}.",
        "notes_heading": "Internal notes",
        "no_notes": "No notes.",
        "note_label": "New note (never shown to the tipster or partners)",
        "add_note": "Add note",
        "done_note": "The note is saved.",
        "messages_heading": "Messages with the tipster",
        "no_messages": "No messages.",
        "messages_only_tips": "Only tips have a sender to write to.",
        "message_label": "Write to the tipster (read with reference and receipt)",
        "send_message": "Send",
        "done_message": "The message is sent.",
        "sender_staff": "Staff",
        "sender_resident": "Tipster",
        "new_action_link": "Create an action for this item",
        "empty_field": "The field must not be empty.",
        # report
        "report_title": "Next report",
        "report_areas": "Areas",
        "report_heading": "Report {number}",
        "report_meta": "{start} – {last} · meeting {meeting} · {status}",
        "report_printable": "Open the printable report",
        "report_numbers": "Numbers",
        "report_focus": "Focus area",
        "report_count": "Items",
        "report_items": "Items",
        "report_no_items": "No items are queued.",
        "report_in_draft": "{count} items in the draft.",
        "report_no_areas": "Your organisation has no areas.",
        "publish": "Publish",
        "publish_confirm": "Publish report {number}? It cannot be changed afterwards.",
        "published_at": "Published {when}",
        "published": "Report {number} is published.",
        # walks
        "walks_title": "Safety walks",
        "walks_empty": "No walks yet.",
        "walks_count": "{count} walks.",
        "walk_title_col": "Title",
        "walk_start_col": "Start",
        "walk_area_col": "Area",
        "walk_status_col": "Status",
        "walk_code_col": "Code",
        "walk_new_heading": "Plan a walk",
        "walk_field_title": "Title",
        "walk_field_area": "Area",
        "walk_field_start": "Start (Swedish time)",
        "walk_field_meeting": "Meeting point",
        "walk_create": "Create the walk",
        "walk_created": "The walk is created.",
        "walk_heading": "Walk",
        "walk_meeting": "Meeting point",
        "walk_join_code": "Join code",
        "walk_join_window": "Open to join",
        "walk_poster": "QR code for the poster (SVG)",
        "walk_map": "Map (SVG, printable)",
        "walk_move": "Move to: {status}",
        "walk_moved": "Status: {status}.",
        "walk_summary": "Summary",
        "walk_observations": "{count} observations",
        "walk_by_issue": "By issue",
        "walk_by_category": "By category",
        "walk_places": "Places",
        "walk_place_unnamed": "Unnamed place",
        "walk_ratings": "Ratings (mean, n)",
        "walk_items": "Observations",
        "walk_no_observations": "No observations yet.",
        "walk_issue": "Issue",
        "walk_count": "Count",
        "walk_create_action": "Create action",
        "status_walk_planned": "Planned",
        "status_walk_active": "Active",
        "status_walk_completed": "Completed",
        "status_walk_followed_up": "Followed up",
        # actions (insatser)
        "actions_title": "Actions",
        "actions_empty": "No actions.",
        "actions_count": "{count} actions.",
        "action_filter_status": "Status",
        "action_col_title": "Action",
        "action_col_owner": "Responsible",
        "action_col_due": "Due",
        "action_col_status": "Status",
        "action_col_source": "From",
        "action_new_heading": "New action",
        "action_field_title": "Title",
        "action_field_description": "Description",
        "action_field_owner": "Responsible organisation",
        "action_field_due": "Due date",
        "action_field_area": "Area",
        "action_field_item": "Item (reference, optional)",
        "action_create": "Create the action",
        "action_created": "The action is created.",
        "action_move": "Change status",
        "action_new_status": "New status for {title}",
        "action_reason": "Why (required for “will not be done”)",
        "action_moved": "{title}: {status}.",
        "action_save_status": "Save status",
    },
    domain="console",
)

STATUS_LABELS = Table(
    "console_status",
    {
        "new": "new",
        "triaged": "triaged",
        "queued": "queued",
        "reported": "reported",
        "archived": "archived",
        "rejected": "rejected",
        "duplicate": "duplicate",
    },
    domain="console",
)

WALK_STATUS_KEYS = ("planned", "active", "completed", "followed_up")


def pick(language: str) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def texts_for(language: str) -> dict[str, str]:
    """The console's words in one language (for templates as ``t`` and for the script)."""
    return TEXTS.texts(pick(language))


def labels_for(language: str) -> dict[str, dict[str, str]]:
    """Code -> label tables the script needs: statuses, categories, focus areas, issues."""
    language = pick(language)
    return {
        "status": STATUS_LABELS.texts(language),
        "category": CATEGORY_LABELS.texts(language),
        "focus": FOCUS_LABELS.texts(language),
        "issue": ISSUE_LABELS.texts(language),
        "action_status": ACTION_STATUS_LABELS.texts(language),
        "walk_status": {
            code: TEXTS.get(f"status_walk_{code}", language) for code in WALK_STATUS_KEYS
        },
        "checklist": CHECKLIST_LABELS.texts(language),
        "language": language_names(language),
    }


def language_names(language: str) -> dict[str, str]:
    """Each language the detector can name, in the console's language ("arabiska", "Arabic")."""
    names = Locale.parse(language).languages
    found = {code: names.get(code, code) for code in DETECTABLE_LANGUAGES if code != "und"}
    found["bs"] = TEXTS.get("language_bs", language)
    found["und"] = TEXTS.get("language_und", language)
    return found
