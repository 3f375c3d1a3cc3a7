"""The words of the resident's pages, Swedish first; the script gets them as a JSON block."""

from __future__ import annotations

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

TEXTS: dict[str, dict[str, str]] = {
    # shared
    "site_name": {"sv": "Tipsa kommunen och polisen", "en": "Tip off the municipality and police"},
    "switch_language": {"sv": "In English", "en": "På svenska"},
    "optional": {"sv": "valfritt", "en": "optional"},
    "needs_script": {
        "sv": "Sidan behöver JavaScript för att skicka. Slå på JavaScript och försök igen.",
        "en": "This page needs JavaScript to send. Turn JavaScript on and try again.",
    },
    "noscript": {
        "sv": "Formuläret behöver JavaScript. Du kan också ringa polisen på 114 14.",
        "en": "The form needs JavaScript. You can also call the police on 114 14.",
    },
    "privacy": {
        "sv": "Du är anonym. Vi sparar inte din IP-adress, din webbläsare eller något annat "
        "om dig. Skriv inte ditt namn om du inte vill.",
        "en": "You are anonymous. We do not store your IP address, your browser or anything "
        "else about you. Do not write your name unless you want to.",
    },
    "network_error": {
        "sv": "Det gick inte att nå oss. Kontrollera din uppkoppling och tryck igen: "
        "tipset skickas bara en gång.",
        "en": "We could not be reached. Check your connection and press again: "
        "the tip is sent only once.",
    },
    "unknown_error": {
        "sv": "Något gick fel. Försök igen om en stund.",
        "en": "Something went wrong. Try again in a moment.",
    },
    "rate_limited": {
        "sv": "För många försök. Vänta en stund och försök igen.",
        "en": "Too many attempts. Wait a while and try again.",
    },
    "error_heading": {"sv": "Det gick inte att skicka", "en": "It could not be sent"},
    "followup_link": {"sv": "Följ upp ett tips du har skickat", "en": "Follow up a tip you sent"},
    "form_link": {"sv": "Skicka ett nytt tips", "en": "Send a new tip"},
    # the tip form
    "form_title": {"sv": "Tipsa anonymt", "en": "Send an anonymous tip"},
    "form_intro": {
        "sv": "Berätta vad du har sett eller upplevt i kommunen. Tipsen läses av kommunen och "
        "polisen och används i deras gemensamma lägesbild.",
        "en": "Tell us what you have seen or experienced in the municipality. The tips are "
        "read by the municipality and the police and used in their joint situation report.",
    },
    "area_label": {"sv": "Kommun", "en": "Municipality"},
    "category_legend": {"sv": "Vad gäller det?", "en": "What is it about?"},
    "text_label": {"sv": "Vad hände?", "en": "What happened?"},
    "text_hint": {
        "sv": "Beskriv med egna ord, minst 10 tecken.",
        "en": "Describe it in your own words, at least 10 characters.",
    },
    "when_legend": {"sv": "När hände det?", "en": "When did it happen?"},
    "when_label": {"sv": "Datum och tid", "en": "Date and time"},
    "when_hint": {
        "sv": "Lämna tomt om du inte vet.",
        "en": "Leave empty if you do not know.",
    },
    "where_legend": {"sv": "Var hände det?", "en": "Where did it happen?"},
    "place_label": {"sv": "Platsens namn", "en": "Name of the place"},
    "place_hint": {
        "sv": "Till exempel en gata, en park eller en skola.",
        "en": "For example a street, a park or a school.",
    },
    "use_position": {"sv": "Använd min position", "en": "Use my position"},
    "remove_position": {"sv": "Ta bort positionen", "en": "Remove the position"},
    "position_asking": {"sv": "Hämtar din position …", "en": "Finding your position …"},
    "position_added": {
        "sv": "Din position läggs till (ungefär ± {m} meter).",
        "en": "Your position will be added (about ± {m} metres).",
    },
    "position_denied": {
        "sv": "Du har inte gett tillgång till din position. Skriv platsens namn i stället.",
        "en": "You did not allow access to your position. Write the name of the place instead.",
    },
    "position_failed": {
        "sv": "Positionen kunde inte hämtas. Skriv platsens namn i stället.",
        "en": "The position could not be found. Write the name of the place instead.",
    },
    "position_unsupported": {
        "sv": "Din webbläsare kan inte ge en position. Skriv platsens namn i stället.",
        "en": "Your browser cannot give a position. Write the name of the place instead.",
    },
    "photo_legend": {"sv": "Foto", "en": "Photo"},
    "photo_label": {"sv": "Välj eller ta ett foto", "en": "Choose or take a photo"},
    "photo_hint": {
        "sv": "Fotot görs mindre och information om plats och kamera tas bort innan det "
        "skickas. Visa inte ansikten om det inte behövs.",
        "en": "The photo is made smaller and information about place and camera is removed "
        "before it is sent. Do not show faces unless needed.",
    },
    "photo_preview": {"sv": "Fotot du har valt", "en": "The photo you chose"},
    "photo_remove": {"sv": "Ta bort fotot", "en": "Remove the photo"},
    "photo_unreadable": {
        "sv": "Fotot kunde inte läsas. Välj ett annat foto (JPEG, PNG eller WebP).",
        "en": "The photo could not be read. Choose another photo (JPEG, PNG or WebP).",
    },
    "submit": {"sv": "Skicka tipset", "en": "Send the tip"},
    "sending": {"sv": "Skickar …", "en": "Sending …"},
    "urgent_heading": {"sv": "Händer det nu?", "en": "Is it happening now?"},
    "call_112": {"sv": "Ring 112", "en": "Call 112"},
    # field errors: our own words that say what to do (the API's are for other fields)
    "field_area": {"sv": "Välj en kommun.", "en": "Choose a municipality."},
    "field_text": {
        "sv": "Skriv vad som hände med minst 10 och högst 5000 tecken.",
        "en": "Write what happened in at least 10 and at most 5000 characters.",
    },
    "field_category": {"sv": "Välj en kategori i listan.", "en": "Choose a category in the list."},
    "field_occurred_at": {
        "sv": "Ange en tid som inte ligger i framtiden.",
        "en": "Give a time that is not in the future.",
    },
    "field_place": {
        "sv": "Platsens namn får vara högst 200 tecken.",
        "en": "The name of the place may be at most 200 characters.",
    },
    "field_location": {
        "sv": "Positionen ligger inte i Sverige. Ta bort den och skriv platsens namn.",
        "en": "The position is not in Sweden. Remove it and write the name of the place.",
    },
    # the receipt
    "receipt_title": {"sv": "Tack! Ditt tips är skickat", "en": "Thank you! Your tip is sent"},
    "reference_label": {"sv": "Referens", "en": "Reference"},
    "receipt_label": {"sv": "Kvitto", "en": "Receipt"},
    "status_label": {"sv": "Status", "en": "Status"},
    "save_advice": {
        "sv": "Spara referensen och kvittot, till exempel med en skärmbild eller genom att "
        "skriva av dem. Med dem kan du se vad som händer med tipset och svara på frågor. "
        "Kvittot visas bara nu och kan inte skickas igen.",
        "en": "Save the reference and the receipt, for example with a screenshot or by "
        "writing them down. With them you can see what happens to the tip and answer "
        "questions. The receipt is shown only now and cannot be sent again.",
    },
    "receipt_qr_alt": {
        "sv": "QR-kod med referensen och kvittot",
        "en": "QR code with the reference and the receipt",
    },
    "receipt_qr_hint": {
        "sv": "Skärmbilden av QR-koden räcker: en kamera läser av referensen och kvittot.",
        "en": "A screenshot of the QR code is enough: a camera reads the reference and receipt.",
    },
    "copy_receipt": {"sv": "Kopiera referens och kvitto", "en": "Copy reference and receipt"},
    "copied": {"sv": "Kopierat.", "en": "Copied."},
    "copy_selected": {
        "sv": "Texten är markerad: kopiera den med telefonens meny.",
        "en": "The text is selected: copy it with your phone's menu.",
    },
    "photo_uploading": {"sv": "Fotot skickas …", "en": "Sending the photo …"},
    "photo_uploaded": {"sv": "Fotot är skickat.", "en": "The photo is sent."},
    "photo_failed": {
        "sv": "Fotot kunde inte skickas. Tipset är ändå sparat.",
        "en": "The photo could not be sent. The tip is saved anyway.",
    },
    "photo_retry": {"sv": "Försök skicka fotot igen", "en": "Try sending the photo again"},
    # the follow-up
    "followup_title": {"sv": "Följ upp ditt tips", "en": "Follow up your tip"},
    "followup_intro": {
        "sv": "Skriv referensen och kvittot du fick när du skickade tipset.",
        "en": "Write the reference and the receipt you got when you sent the tip.",
    },
    "reference_hint": {"sv": "Till exempel T-7K3Q-9XPA", "en": "For example T-7K3Q-9XPA"},
    "show_status": {"sv": "Visa status", "en": "Show status"},
    "not_found": {
        "sv": "Vi hittar inget tips med den referensen och det kvittot. Kontrollera att du "
        "har skrivit av dem rätt.",
        "en": "We find no tip with that reference and receipt. Check that you copied "
        "them correctly.",
    },
    "field_reference": {"sv": "Skriv referensen.", "en": "Write the reference."},
    "field_receipt": {"sv": "Skriv kvittot.", "en": "Write the receipt."},
    "messages_heading": {"sv": "Meddelanden", "en": "Messages"},
    "no_messages": {"sv": "Inga meddelanden ännu.", "en": "No messages yet."},
    "from_staff": {"sv": "Från handläggaren", "en": "From the case officer"},
    "from_you": {"sv": "Från dig", "en": "From you"},
    "reply_label": {"sv": "Ditt svar", "en": "Your answer"},
    "reply_hint": {
        "sv": "Svaret är anonymt, precis som tipset. Högst 2000 tecken.",
        "en": "The answer is anonymous, just like the tip. At most 2000 characters.",
    },
    "send_reply": {"sv": "Skicka svaret", "en": "Send the answer"},
    "reply_sent": {"sv": "Ditt svar är skickat.", "en": "Your answer is sent."},
    "field_body": {
        "sv": "Skriv ett svar med högst 2000 tecken.",
        "en": "Write an answer of at most 2000 characters.",
    },
    "other_tip": {"sv": "Följ upp ett annat tips", "en": "Follow up another tip"},
    # walk mode (/w/<code> and /vandring)
    "walk_title": {"sv": "Trygghetsvandring", "en": "Safety walk"},
    "walk_intro": {
        "sv": "Skriv koden från affischen eller inbjudan för att gå med. Du behöver inte "
        "uppge något namn.",
        "en": "Write the code from the poster or invitation to join. You do not need to "
        "give a name.",
    },
    "walk_code_label": {"sv": "Kod för vandringen", "en": "Code of the walk"},
    "walk_code_hint": {"sv": "Till exempel ABCD-EFGH", "en": "For example ABCD-EFGH"},
    "walk_join": {"sv": "Gå med i vandringen", "en": "Join the walk"},
    "walk_joining": {"sv": "Går med …", "en": "Joining …"},
    "walk_not_found": {
        "sv": "Ingen vandring är öppen med den koden just nu. Kontrollera koden.",
        "en": "No walk is open with that code right now. Check the code.",
    },
    "walk_join_offline": {
        "sv": "Du behöver vara uppkopplad för att gå med. Försök igen när du har täckning.",
        "en": "You need to be online to join. Try again when you have coverage.",
    },
    "walk_field_code": {"sv": "Skriv koden.", "en": "Write the code."},
    "walk_meeting_point": {"sv": "Samling", "en": "Meeting point"},
    "walk_offline_note": {
        "sv": "Det du sparar finns kvar i telefonen och skickas när du är uppkopplad.",
        "en": "What you save stays on the phone and is sent when you are online.",
    },
    "walk_pending": {"sv": "Väntar på att skickas: {n}", "en": "Waiting to be sent: {n}"},
    "walk_all_sent": {"sv": "Allt är skickat.", "en": "Everything is sent."},
    "walk_sending": {"sv": "Skickar …", "en": "Sending …"},
    "walk_offline": {
        "sv": "Du är inte uppkopplad. Iakttagelserna skickas senare.",
        "en": "You are offline. The observations will be sent later.",
    },
    "walk_send_failed": {
        "sv": "Det gick inte att skicka nu. Vi försöker igen strax.",
        "en": "They could not be sent now. We will try again shortly.",
    },
    "walk_token_expired": {
        "sv": "Din anslutning till vandringen har gått ut. Gå med igen med koden; "
        "det du har sparat finns kvar.",
        "en": "Your access to the walk has expired. Join again with the code; "
        "what you saved is kept.",
    },
    "walk_closed": {
        "sv": "Vandringen är stängd och tar inte emot fler iakttagelser.",
        "en": "The walk is closed and takes no more observations.",
    },
    "walk_issue_legend": {"sv": "Vad ser du?", "en": "What do you see?"},
    "walk_note_label": {"sv": "Kort anteckning", "en": "Short note"},
    "walk_place_label": {"sv": "Plats", "en": "Place"},
    "walk_ratings_summary": {
        "sv": "Betygsätt platsen (0 dåligt till 3 bra)",
        "en": "Rate the place (0 poor to 3 good)",
    },
    "walk_rating_none": {"sv": "Inget betyg", "en": "No rating"},
    "walk_save": {"sv": "Spara iakttagelsen", "en": "Save the observation"},
    "walk_saved": {"sv": "Sparad.", "en": "Saved."},
    "walk_field_issue": {"sv": "Välj vad du ser.", "en": "Choose what you see."},
    "walk_save_failed": {
        "sv": "Iakttagelsen kunde inte sparas i telefonen. Tillåter webbläsaren lagring?",
        "en": "The observation could not be saved on the phone. Does the browser allow storage?",
    },
    "walk_photo_hint": {
        "sv": "Fotot görs mindre och information om plats och kamera tas bort innan det "
        "sparas i telefonen. Det skickas efter iakttagelsen. Visa inte ansikten.",
        "en": "The photo is made smaller and information about place and camera is removed "
        "before it is kept on the phone. It is sent after the observation. Do not show faces.",
    },
    "walk_sending_photos": {"sv": "Skickar foton …", "en": "Sending photos …"},
    "walk_photo_refused": {
        "sv": "Fotot togs inte emot (iakttagelsen är skickad).",
        "en": "The photo was not accepted (the observation is sent).",
    },
    "walk_with_photo": {"sv": "med foto", "en": "with a photo"},
    "walk_invalid_heading": {"sv": "Kunde inte tas emot", "en": "Could not be accepted"},
    "walk_remove": {"sv": "Ta bort", "en": "Remove"},
    "walk_leave": {"sv": "Lämna vandringen", "en": "Leave the walk"},
    "issue_lighting": {"sv": "Belysning", "en": "Lighting"},
    "issue_vegetation": {"sv": "Vegetation", "en": "Vegetation"},
    "issue_littering": {"sv": "Nedskräpning", "en": "Litter"},
    "issue_graffiti": {"sv": "Klotter", "en": "Graffiti"},
    "issue_damage": {"sv": "Skadegörelse", "en": "Damage"},
    "issue_crossing": {"sv": "Övergångsställe", "en": "Crossing"},
    "issue_speeding": {"sv": "Fortkörning", "en": "Speeding"},
    "issue_gathering": {"sv": "Folksamling", "en": "People gathering"},
    "issue_other": {"sv": "Annat", "en": "Other"},
}

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
