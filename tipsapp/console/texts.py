"""Every word of the staff console, Swedish first; pages and script read the same table.

Templates get the chosen language's texts as ``t`` and the script gets them in a JSON block.
No key may be the name of a ``dict`` method (``t.items`` would find the method, not the text):
a test checks that.
"""

# Typographic dashes are meant: this is text people read.
# ruff: noqa: RUF001

from __future__ import annotations

from tipsapp.common.i18n import ACTION_STATUS_LABELS, ISSUE_LABELS
from tipsapp.reference.data import CATEGORIES, FOCUS_AREAS
from tipsapp.walks.checklist import CHECKLIST

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

TEXTS: dict[str, dict[str, str]] = {
    # frame
    "console_name": {"sv": "Tipsappen – personal", "en": "tipsapp staff"},
    "nav_label": {"sv": "Konsolen", "en": "Console"},
    "nav_queue": {"sv": "Kön", "en": "Queue"},
    "nav_report": {"sv": "Nästa lägesbild", "en": "Next report"},
    "nav_walks": {"sv": "Trygghetsvandringar", "en": "Safety walks"},
    "nav_actions": {"sv": "Insatser", "en": "Actions"},
    "switch_language": {"sv": "In English", "en": "På svenska"},
    "skip_link": {"sv": "Hoppa till innehållet", "en": "Skip to the content"},
    "logout": {"sv": "Logga ut", "en": "Log out"},
    "needs_script": {"sv": "Konsolen behöver JavaScript.", "en": "The console needs JavaScript."},
    "loading": {"sv": "Läser in…", "en": "Loading…"},
    "saving": {"sv": "Sparar…", "en": "Saving…"},
    "saved": {"sv": "Sparat.", "en": "Saved."},
    "unreachable": {
        "sv": "Servern gick inte att nå. Försök igen.",
        "en": "The server could not be reached. Try again.",
    },
    "request_failed": {"sv": "Det gick inte ({status}).", "en": "The request failed ({status})."},
    "changed_meanwhile": {
        "sv": "{reference} ändrades under tiden av någon annan. Det är inläst på nytt; "
        "kontrollera och gör om.",
        "en": "{reference} was changed meanwhile by someone else. It has been reloaded; "
        "check it and try again.",
    },
    "role_role": {"sv": "roll", "en": "role"},
    "none": {"sv": "inget", "en": "none"},
    "yes": {"sv": "ja", "en": "yes"},
    "no": {"sv": "nej", "en": "no"},
    "back_to_queue": {"sv": "Tillbaka till kön", "en": "Back to the queue"},
    # login and access
    "login_title": {"sv": "Logga in", "en": "Log in"},
    "email": {"sv": "E-post", "en": "E-mail"},
    "password": {"sv": "Lösenord", "en": "Password"},
    "login_button": {"sv": "Logga in", "en": "Log in"},
    "login_expired": {
        "sv": "Formuläret hann gå ut. Försök igen.",
        "en": "The form expired. Please try again.",
    },
    "login_wrong": {"sv": "Fel e-post eller lösenord.", "en": "Wrong e-mail or password."},
    "login_throttled": {
        "sv": "För många misslyckade försök. Vänta en stund och försök igen.",
        "en": "Too many failed attempts. Please wait and try again later.",
    },
    "logout_expired": {
        "sv": "Formuläret hann gå ut. Gå tillbaka och försök igen.",
        "en": "The form expired. Go back and try again.",
    },
    "denied_title": {"sv": "Ingen åtkomst", "en": "No access"},
    "denied_body": {
        "sv": "Den här sidan är inte för din roll ({role}).",
        "en": "This page is not for your role ({role}).",
    },
    "denied_partner": {
        "sv": "Som partner ser du trygghetsvandringar och insatser.",
        "en": "As a partner you see safety walks and actions.",
    },
    "not_found_title": {"sv": "Hittades inte", "en": "Not found"},
    "not_found_body": {
        "sv": "Det finns inget sådant ärende bland dem du får se.",
        "en": "There is no such item among those you may see.",
    },
    # the queue
    "queue_title": {"sv": "Kön", "en": "Queue"},
    "queue_items_heading": {"sv": "Ärenden", "en": "Items"},
    "queue_list_label": {"sv": "Ärenden i kön", "en": "Queue items"},
    "queue_empty": {"sv": "Inga ärenden matchar.", "en": "No items match."},
    "queue_count": {"sv": "{count} ärenden visas.", "en": "{count} items shown."},
    "queue_counts": {"sv": "Per status: {counts}", "en": "Per status: {counts}"},
    "load_more": {"sv": "Visa fler", "en": "Show more"},
    "select_item": {"sv": "Markera {reference}", "en": "Select {reference}"},
    "select_all": {"sv": "Markera alla som visas", "en": "Select all shown"},
    "urgent": {"sv": "BRÅDSKANDE", "en": "URGENT"},
    "attention": {"sv": "Svar från tipsaren", "en": "Tipster answered"},
    "suggested": {"sv": "förslag", "en": "suggested"},
    "words": {"sv": "ord", "en": "words"},
    "urgency_words": {"sv": "Brådskande ord", "en": "Urgency words"},
    "keys_heading": {"sv": "Tangentbord", "en": "Keyboard"},
    "key_move": {"sv": "nästa / föregående ärende", "en": "next / previous item"},
    "key_category": {"sv": "sätt kategori (nedan)", "en": "set the category (below)"},
    "key_queue": {"sv": "köa till nästa lägesbild", "en": "queue for the next report"},
    "key_reject": {"sv": "avvisa (frågar efter skäl)", "en": "reject (asks for a reason)"},
    "key_select": {"sv": "markera för massåtgärd", "en": "select for a bulk action"},
    "key_open": {
        "sv": "öppna ärendet (läsningen loggas)",
        "en": "open the item (the read is audited)",
    },
    "number": {"sv": "siffra", "en": "number"},
    "categories_heading": {"sv": "Kategorier", "en": "Categories"},
    "category_mode": {"sv": "Kategori: skriv en siffra…", "en": "Category: type a number…"},
    "category_typed": {"sv": "Kategori: {digits}…", "en": "Category: {digits}…"},
    "no_such_number": {
        "sv": "Ingen kategori har siffran {number}.",
        "en": "No category has the number {number}.",
    },
    "done_category": {
        "sv": "{reference}: kategori {label}.",
        "en": "{reference}: category {label}.",
    },
    "done_queue": {
        "sv": "{reference} är köat till nästa lägesbild.",
        "en": "{reference} is queued for the next report.",
    },
    "done_reject": {"sv": "{reference} är avvisat.", "en": "{reference} is rejected."},
    "reject_prompt": {"sv": "Varför avvisas {reference}?", "en": "Why reject {reference}?"},
    "reject_keys_help": {
        "sv": "Enter avvisar, Escape avbryter.",
        "en": "Enter rejects, Escape cancels.",
    },
    "reject_cancelled": {
        "sv": "Avvisningen avbröts.",
        "en": "Rejecting was cancelled.",
    },
    "cancel": {"sv": "Avbryt", "en": "Cancel"},
    # filters
    "filters_heading": {"sv": "Filter", "en": "Filters"},
    "filter_status": {"sv": "Status", "en": "Status"},
    "filter_status_open": {
        "sv": "Öppna (nya, bedömda, köade)",
        "en": "Open (new, triaged, queued)",
    },
    "filter_any": {"sv": "Alla", "en": "All"},
    "filter_category": {"sv": "Kategori", "en": "Category"},
    "filter_focus": {"sv": "Fokusområde", "en": "Focus area"},
    "filter_area": {"sv": "Område", "en": "Area"},
    "filter_urgency": {"sv": "Brådska", "en": "Urgency"},
    "filter_urgent_only": {"sv": "Bara brådskande", "en": "Urgent only"},
    "filter_not_urgent": {"sv": "Inte brådskande", "en": "Not urgent"},
    "filter_since": {"sv": "Inkom från och med", "en": "Received from"},
    "filter_until": {"sv": "Inkom till och med", "en": "Received until"},
    "filter_text": {"sv": "Fritext", "en": "Free text"},
    "filter_sort": {"sv": "Ordning", "en": "Order"},
    "sort_priority": {"sv": "Prioritet", "en": "Priority"},
    "sort_newest": {"sv": "Nyaste först", "en": "Newest first"},
    "sort_oldest": {"sv": "Äldsta först", "en": "Oldest first"},
    "filter_apply": {"sv": "Filtrera", "en": "Filter"},
    "filter_clear": {"sv": "Rensa filter", "en": "Clear filters"},
    # bulk actions
    "bulk_heading": {"sv": "Åtgärder för markerade", "en": "Actions on selected items"},
    "bulk_selected": {"sv": "{count} markerade", "en": "{count} selected"},
    "bulk_category": {"sv": "Sätt kategori", "en": "Set category"},
    "bulk_apply_category": {"sv": "Sätt kategori", "en": "Set category"},
    "bulk_queue": {"sv": "Köa", "en": "Queue"},
    "bulk_archive": {"sv": "Arkivera", "en": "Archive"},
    "bulk_reject": {"sv": "Avvisa", "en": "Reject"},
    "bulk_reason": {"sv": "Skäl för avvisning", "en": "Reason for rejecting"},
    "bulk_none": {"sv": "Markera minst ett ärende först.", "en": "Select at least one item first."},
    "bulk_need_reason": {
        "sv": "Skriv ett skäl för avvisningen.",
        "en": "Write a reason for rejecting.",
    },
    "bulk_running": {"sv": "Arbetar: {done} av {count}…", "en": "Working: {done} of {count}…"},
    "bulk_result": {
        "sv": "{ok} av {count} klara.",
        "en": "{ok} of {count} done.",
    },
    "bulk_failed_one": {"sv": "{reference}: {message}", "en": "{reference}: {message}"},
    "bulk_stale": {
        "sv": "ändrat under tiden, inläst på nytt",
        "en": "changed meanwhile, reloaded",
    },
    # the item
    "item_title": {"sv": "Ärende {reference}", "en": "Item {reference}"},
    "item_facts": {"sv": "Uppgifter", "en": "Facts"},
    "fact_status": {"sv": "Status", "en": "Status"},
    "fact_kind": {"sv": "Typ", "en": "Kind"},
    "fact_area": {"sv": "Område", "en": "Area"},
    "fact_received": {"sv": "Inkom", "en": "Received"},
    "fact_occurred": {"sv": "Inträffade", "en": "Occurred"},
    "fact_place": {"sv": "Plats", "en": "Place"},
    "fact_location": {"sv": "Position", "en": "Position"},
    "fact_priority": {"sv": "Prioritet", "en": "Priority"},
    "fact_support": {"sv": "Stödjande rapporter", "en": "Supporting reports"},
    "fact_shared": {"sv": "Delat med partner", "en": "Shared with partners"},
    "fact_duplicate_of": {"sv": "Dubblett av", "en": "Duplicate of"},
    "fact_rejection": {"sv": "Skäl för avvisning", "en": "Reason for rejecting"},
    "kind_tip": {"sv": "Tips", "en": "Tip"},
    "kind_observation": {"sv": "Iakttagelse från vandring", "en": "Observation from a walk"},
    "text_heading": {"sv": "Text", "en": "Text"},
    "redacted_note": {
        "sv": "Texten är redigerad; andra ser den redigerade texten.",
        "en": "The text is redacted; others read the redacted text.",
    },
    "original_heading": {"sv": "Originaltext (bara admin)", "en": "Original text (admins only)"},
    "category_heading": {"sv": "Kategori", "en": "Category"},
    "resident_category": {"sv": "Tipsarens val", "en": "The resident's choice"},
    "machine_category": {"sv": "Maskinens förslag", "en": "The machine's suggestion"},
    "machine_words": {"sv": "Ord som avgjorde", "en": "Words that decided it"},
    "confidence": {"sv": "säkerhet {percent} %", "en": "confidence {percent}%"},
    "analyst_category": {"sv": "Kategori (ditt beslut)", "en": "Category (your decision)"},
    "choose": {"sv": "Välj…", "en": "Choose…"},
    "save_category": {"sv": "Spara kategori", "en": "Save category"},
    "priority_label": {
        "sv": "Prioritet (0–999, tomt = automatisk)",
        "en": "Priority (0–999, empty = automatic)",
    },
    "save_priority": {"sv": "Spara prioritet", "en": "Save priority"},
    "actions_heading": {"sv": "Åtgärder", "en": "Actions"},
    "act_queue": {"sv": "Köa till nästa lägesbild", "en": "Queue for the next report"},
    "act_unqueue": {"sv": "Ta ur nästa lägesbild", "en": "Take out of the next report"},
    "act_reopen": {"sv": "Öppna igen", "en": "Reopen"},
    "act_archive": {"sv": "Arkivera", "en": "Archive"},
    "act_reject": {"sv": "Avvisa", "en": "Reject"},
    "reject_reason": {"sv": "Skäl för avvisning", "en": "Reason for rejecting"},
    "act_share": {"sv": "Dela med partner (maskerad text)", "en": "Share with partners (masked)"},
    "act_unshare": {"sv": "Sluta dela med partner", "en": "Stop sharing with partners"},
    "redact_heading": {"sv": "Redigera texten", "en": "Redact the text"},
    "redact_text": {"sv": "Ny text", "en": "New text"},
    "redact_reason": {"sv": "Skäl", "en": "Reason"},
    "act_redact": {"sv": "Spara redigerad text", "en": "Save the redacted text"},
    "erase_heading": {"sv": "Radera innehållet", "en": "Erase the content"},
    "erase_explain": {
        "sv": "Texten, platsen, den exakta positionen, anteckningarna, fotona och meddelandena "
        "med tipsaren raderas, och skälen i ärendets tidigare loggposter. Kategori, område, "
        "status och siffrorna i publicerade lägesbilder finns kvar.",
        "en": "The text, the place, the exact position, the notes, the photos and the messages "
        "with the tipster are erased, and the reasons in the item's earlier audit entries. "
        "Category, area, status and the figures of published reports stay.",
    },
    "erase_warning": {
        "sv": "Raderingen kan inte ångras.",
        "en": "The erasure cannot be undone.",
    },
    "erase_reason": {
        "sv": "Skäl för raderingen (sparas i loggen)",
        "en": "Reason for erasing (kept in the audit log)",
    },
    "erase_confirm": {
        "sv": "Jag förstår att innehållet raderas för gott och inte kan återställas.",
        "en": "I understand that the content is erased for good and cannot be restored.",
    },
    "act_erase": {"sv": "Radera innehåll nu", "en": "Erase content now"},
    "erase_need_reason": {
        "sv": "Skriv ett skäl för raderingen.",
        "en": "Write a reason for erasing.",
    },
    "erase_need_confirm": {
        "sv": "Kryssa i att du förstår att raderingen inte kan ångras.",
        "en": "Tick that you understand the erasure cannot be undone.",
    },
    "done_erase": {
        "sv": "Innehållet i {reference} är raderat.",
        "en": "The content of {reference} is erased.",
    },
    "fact_erased": {"sv": "Innehållet raderat", "en": "Content erased"},
    "erased_note": {
        "sv": "Innehållet raderades {when}: text, plats, anteckningar, foton och meddelanden "
        "finns inte längre.",
        "en": "The content was erased {when}: text, place, notes, photos and messages are gone.",
    },
    "done_action": {"sv": "{reference}: {action}.", "en": "{reference}: {action}."},
    "photos_heading": {"sv": "Foton", "en": "Photos"},
    "no_photos": {"sv": "Inga foton.", "en": "No photos."},
    "photo_alt": {"sv": "Foto {number} till {reference}", "en": "Photo {number} of {reference}"},
    "photo_open": {
        "sv": "Öppna i full storlek (loggas)",
        "en": "Open in full size (audited)",
    },
    "similar_heading": {"sv": "Liknande ärenden", "en": "Similar items"},
    "no_similar": {"sv": "Inga liknande ärenden.", "en": "No similar items."},
    "similar_score": {"sv": "likhet {score}", "en": "similarity {score}"},
    "merge_into": {"sv": "Slå ihop med {reference}", "en": "Merge into {reference}"},
    "merge_confirm": {
        "sv": "Markera {reference} som dubblett av {target}?",
        "en": "Mark {reference} as a duplicate of {target}?",
    },
    "done_merge": {
        "sv": "{reference} är nu dubblett av {target}.",
        "en": "{reference} is now a duplicate of {target}.",
    },
    "notes_heading": {"sv": "Interna anteckningar", "en": "Internal notes"},
    "no_notes": {"sv": "Inga anteckningar.", "en": "No notes."},
    "note_label": {
        "sv": "Ny anteckning (syns aldrig för tipsaren eller partner)",
        "en": "New note (never shown to the tipster or partners)",
    },
    "add_note": {"sv": "Lägg till anteckning", "en": "Add note"},
    "done_note": {"sv": "Anteckningen är sparad.", "en": "The note is saved."},
    "messages_heading": {"sv": "Meddelanden med tipsaren", "en": "Messages with the tipster"},
    "no_messages": {"sv": "Inga meddelanden.", "en": "No messages."},
    "messages_only_tips": {
        "sv": "Bara tips har en avsändare att skriva till.",
        "en": "Only tips have a sender to write to.",
    },
    "message_label": {
        "sv": "Skriv till tipsaren (läses med referens och kvittokod)",
        "en": "Write to the tipster (read with reference and receipt)",
    },
    "send_message": {"sv": "Skicka", "en": "Send"},
    "done_message": {"sv": "Meddelandet är skickat.", "en": "The message is sent."},
    "sender_staff": {"sv": "Personal", "en": "Staff"},
    "sender_resident": {"sv": "Tipsaren", "en": "Tipster"},
    "new_action_link": {
        "sv": "Skapa en insats för ärendet",
        "en": "Create an action for this item",
    },
    "empty_field": {"sv": "Fältet får inte vara tomt.", "en": "The field must not be empty."},
    # report
    "report_title": {"sv": "Nästa lägesbild", "en": "Next report"},
    "report_areas": {"sv": "Områden", "en": "Areas"},
    "report_heading": {"sv": "Lägesbild {number}", "en": "Report {number}"},
    "report_meta": {
        "sv": "{start} – {last} · möte {meeting} · {status}",
        "en": "{start} – {last} · meeting {meeting} · {status}",
    },
    "report_printable": {"sv": "Öppna utskriftsversionen", "en": "Open the printable report"},
    "report_numbers": {"sv": "Siffror", "en": "Numbers"},
    "report_focus": {"sv": "Fokusområde", "en": "Focus area"},
    "report_count": {"sv": "Ärenden", "en": "Items"},
    "report_items": {"sv": "Ärenden", "en": "Items"},
    "report_no_items": {"sv": "Inga ärenden är köade.", "en": "No items are queued."},
    "report_in_draft": {"sv": "{count} ärenden i utkastet.", "en": "{count} items in the draft."},
    "report_no_areas": {
        "sv": "Din organisation har inga områden.",
        "en": "Your organisation has no areas.",
    },
    "publish": {"sv": "Publicera", "en": "Publish"},
    "publish_confirm": {
        "sv": "Publicera lägesbild {number}? Den kan inte ändras efteråt.",
        "en": "Publish report {number}? It cannot be changed afterwards.",
    },
    "published_at": {"sv": "Publicerad {when}", "en": "Published {when}"},
    "published": {"sv": "Lägesbild {number} är publicerad.", "en": "Report {number} is published."},
    # walks
    "walks_title": {"sv": "Trygghetsvandringar", "en": "Safety walks"},
    "walks_empty": {"sv": "Inga vandringar ännu.", "en": "No walks yet."},
    "walks_count": {"sv": "{count} vandringar.", "en": "{count} walks."},
    "walk_title_col": {"sv": "Titel", "en": "Title"},
    "walk_start_col": {"sv": "Start", "en": "Start"},
    "walk_area_col": {"sv": "Område", "en": "Area"},
    "walk_status_col": {"sv": "Status", "en": "Status"},
    "walk_code_col": {"sv": "Kod", "en": "Code"},
    "walk_new_heading": {"sv": "Planera en vandring", "en": "Plan a walk"},
    "walk_field_title": {"sv": "Titel", "en": "Title"},
    "walk_field_area": {"sv": "Område", "en": "Area"},
    "walk_field_start": {"sv": "Start (svensk tid)", "en": "Start (Swedish time)"},
    "walk_field_meeting": {"sv": "Samlingsplats", "en": "Meeting point"},
    "walk_create": {"sv": "Skapa vandringen", "en": "Create the walk"},
    "walk_created": {"sv": "Vandringen är skapad.", "en": "The walk is created."},
    "walk_heading": {"sv": "Vandring", "en": "Walk"},
    "walk_meeting": {"sv": "Samlingsplats", "en": "Meeting point"},
    "walk_join_code": {"sv": "Anslutningskod", "en": "Join code"},
    "walk_join_window": {"sv": "Går att ansluta", "en": "Open to join"},
    "walk_poster": {"sv": "QR-kod till affischen (SVG)", "en": "QR code for the poster (SVG)"},
    "walk_map": {"sv": "Karta (SVG, för utskrift)", "en": "Map (SVG, printable)"},
    "walk_move": {"sv": "Flytta till: {status}", "en": "Move to: {status}"},
    "walk_moved": {"sv": "Status: {status}.", "en": "Status: {status}."},
    "walk_summary": {"sv": "Sammanfattning", "en": "Summary"},
    "walk_observations": {"sv": "{count} iakttagelser", "en": "{count} observations"},
    "walk_by_issue": {"sv": "Per problem", "en": "By issue"},
    "walk_by_category": {"sv": "Per kategori", "en": "By category"},
    "walk_places": {"sv": "Platser", "en": "Places"},
    "walk_place_unnamed": {"sv": "Plats utan namn", "en": "Unnamed place"},
    "walk_ratings": {"sv": "Betyg (medel, antal)", "en": "Ratings (mean, n)"},
    "walk_items": {"sv": "Iakttagelser", "en": "Observations"},
    "walk_no_observations": {"sv": "Inga iakttagelser ännu.", "en": "No observations yet."},
    "walk_issue": {"sv": "Problem", "en": "Issue"},
    "walk_count": {"sv": "Antal", "en": "Count"},
    "walk_create_action": {"sv": "Skapa insats", "en": "Create action"},
    "status_walk_planned": {"sv": "Planerad", "en": "Planned"},
    "status_walk_active": {"sv": "Pågår", "en": "Active"},
    "status_walk_completed": {"sv": "Genomförd", "en": "Completed"},
    "status_walk_followed_up": {"sv": "Uppföljd", "en": "Followed up"},
    # actions (insatser)
    "actions_title": {"sv": "Insatser", "en": "Actions"},
    "actions_empty": {"sv": "Inga insatser.", "en": "No actions."},
    "actions_count": {"sv": "{count} insatser.", "en": "{count} actions."},
    "action_filter_status": {"sv": "Status", "en": "Status"},
    "action_col_title": {"sv": "Insats", "en": "Action"},
    "action_col_owner": {"sv": "Ansvarig", "en": "Responsible"},
    "action_col_due": {"sv": "Klart senast", "en": "Due"},
    "action_col_status": {"sv": "Status", "en": "Status"},
    "action_col_source": {"sv": "Från", "en": "From"},
    "action_new_heading": {"sv": "Ny insats", "en": "New action"},
    "action_field_title": {"sv": "Rubrik", "en": "Title"},
    "action_field_description": {"sv": "Beskrivning", "en": "Description"},
    "action_field_owner": {"sv": "Ansvarig organisation", "en": "Responsible organisation"},
    "action_field_due": {"sv": "Klart senast", "en": "Due date"},
    "action_field_area": {"sv": "Område", "en": "Area"},
    "action_field_item": {
        "sv": "Ärende (referens, valfritt)",
        "en": "Item (reference, optional)",
    },
    "action_create": {"sv": "Skapa insatsen", "en": "Create the action"},
    "action_created": {"sv": "Insatsen är skapad.", "en": "The action is created."},
    "action_move": {"sv": "Ändra status", "en": "Change status"},
    "action_new_status": {"sv": "Ny status för {title}", "en": "New status for {title}"},
    "action_reason": {
        "sv": "Varför (krävs för ”blir inte av”)",
        "en": "Why (required for “will not be done”)",
    },
    "action_moved": {"sv": "{title}: {status}.", "en": "{title}: {status}."},
    "action_save_status": {"sv": "Spara status", "en": "Save status"},
}

STATUS_LABELS: dict[str, dict[str, str]] = {
    "new": {"sv": "ny", "en": "new"},
    "triaged": {"sv": "bedömd", "en": "triaged"},
    "queued": {"sv": "köad", "en": "queued"},
    "reported": {"sv": "rapporterad", "en": "reported"},
    "archived": {"sv": "arkiverad", "en": "archived"},
    "rejected": {"sv": "avvisad", "en": "rejected"},
    "duplicate": {"sv": "dubblett", "en": "duplicate"},
}

WALK_STATUS_KEYS = ("planned", "active", "completed", "followed_up")


def pick(language: str) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def texts_for(language: str) -> dict[str, str]:
    """The console's words in one language (for templates as ``t`` and for the script)."""
    language = pick(language)
    return {key: entry[language] for key, entry in TEXTS.items()}


def labels_for(language: str) -> dict[str, dict[str, str]]:
    """Code -> label tables the script needs: statuses, categories, focus areas, issues."""
    language = pick(language)
    english = language == "en"
    return {
        "status": {code: entry[language] for code, entry in STATUS_LABELS.items()},
        "category": {c.code: c.label_en if english else c.label_sv for c in CATEGORIES},
        "focus": {f.code: f.label_en if english else f.label_sv for f in FOCUS_AREAS},
        "issue": {code: entry[language] for code, entry in ISSUE_LABELS.items()},
        "action_status": {code: entry[language] for code, entry in ACTION_STATUS_LABELS.items()},
        "walk_status": {code: TEXTS[f"status_walk_{code}"][language] for code in WALK_STATUS_KEYS},
        "checklist": {
            point.code: point.label_en if english else point.label_sv for point in CHECKLIST
        },
    }
