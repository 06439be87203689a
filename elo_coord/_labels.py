"""The fixed texts of the user interface in Finnish (the default), Swedish and English.

Reports, charts and widgets take their headings and labels from here, so that one word is
translated once. Texts from the registry (names of bodies, regions, themes) come from the registry
in the chosen language instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from elo_coord._model import LANGS, Localized, check_lang

__all__ = ["LABELS", "LANGS", "check_lang", "label"]


def _texts(fi: str, sv: str, en: str) -> Localized:
    return Localized(fi=fi, sv=sv, en=en)


LABELS: Mapping[str, Localized] = MappingProxyType(
    {
        "national": _texts(
            "Valtakunnallinen koordinaatio", "Nationell koordinering", "National coordination"
        ),
        "regional": _texts(
            "Alueellinen koordinaatio", "Regional koordinering", "Regional coordination"
        ),
        "local": _texts("Paikallinen koordinaatio", "Lokal koordinering", "Local coordination"),
        "national_tasks": _texts(
            "Tehtävät valtakunnallisesti", "Uppgifter nationellt", "Tasks nationally"
        ),
        "regional_tasks": _texts(
            "Tehtävät alueellisesti", "Uppgifter regionalt", "Tasks regionally"
        ),
        "lead": _texts("vastuutaho", "ansvarig", "lead"),
        "theme": _texts("Teema", "Tema", "Theme"),
        "goal": _texts("Tavoite", "Mål", "Goal"),
        "means": _texts("Keino", "Medel", "Means"),
        "quote": _texts("Lainaus", "Citat", "Quotation"),
        "questions": _texts("Avoimet kysymykset", "Öppna frågor", "Open questions"),
        "consensus": _texts("yhteisymmärrys", "samförstånd", "consensus"),
        "contested": _texts("kiistanalainen", "omstridd", "contested"),
        "minority": _texts("vähemmistön näkemys", "minoritetsuppfattning", "minority view"),
        "split": _texts(
            "yhteisymmärrys ilman kaikkia leirejä",
            "samförstånd utan alla läger",
            "consensus not shared by every camp",
        ),
        "succession": _texts(
            "seuraaja ratkaistava", "efterträdare att välja", "successor to choose"
        ),
        "proposed_by": _texts("ehdottivat", "föreslogs av", "proposed by"),
        "nobody": _texts("ei ketään", "ingen", "nobody"),
        "except": _texts("paitsi", "utom", "except"),
        "not_in_strategy": _texts("ei strategiassa", "inte i strategin", "not in the strategy"),
        "illustrative": _texts(
            "Kuvitteellinen esimerkki, ei oikea kyselyvastaus",
            "Påhittat exempel, inte ett verkligt enkätsvar",
            "Illustrative example, not a real survey answer",
        ),
        "declined": _texts(
            "Ehdottajat pidättäytyivät vastaamasta",
            "Förslagsställarna avstod från att svara",
            "The proposers declined to answer",
        ),
        "date": _texts("Päivämäärä", "Datum", "Date"),
        "kind": _texts("Laji", "Typ", "Kind"),
        "baseline": _texts("lähtötilanne", "utgångsläge", "baseline"),
        "proposal": _texts("ehdotus", "förslag", "proposal"),
        "synthesis": _texts("synteesi", "syntes", "synthesis"),
        "strategy": _texts("Strategia", "Strategi", "Strategy"),
        "proposers": _texts("Ehdottajat", "Förslagsställare", "Proposers"),
        "respondent": _texts("Vastaaja", "Svarande", "Respondent"),
        "group": _texts("ELO-ryhmä", "ELO-gruppen", "the ELO group"),
        "coordinator": _texts("ELO-koordinaattori", "ELO-koordinatorn", "the ELO coordinator"),
        "source": _texts("Lähde", "Källa", "Source"),
        "bodies": _texts("Toimijat", "Aktörer", "Bodies"),
        # Charts: titles, axes and tooltips.
        "chart_support": _texts(
            "Kuinka moni alue nimeää toimijan riville",
            "Hur många regioner som anger aktören för raden",
            "How many regions name the body for the row",
        ),
        "chart_ratings": _texts(
            "ELO-ryhmien kehittymisen tasot {year} ({by})",
            "ELO-gruppernas utvecklingsnivåer {year} ({by})",
            "The ELO groups' steps of development, {year} ({by})",
        ),
        "chart_ratings_change": _texts(
            "Muutos vuodesta {first} vuoteen {last} ({by})",
            "Förändring från {first} till {last} ({by})",
            "Change from {first} to {last} ({by})",
        ),
        "rated_self": _texts("itsearvio", "självvärdering", "self-assessment"),
        "rated_researcher": _texts("tutkijan arvio", "forskarens bedömning", "researcher"),
        "illustrative_ratings": _texts(
            "Kuvitteellinen esimerkki, ei oikea arvio",
            "Påhittat exempel, inte en verklig bedömning",
            "Illustrative example, not a real assessment",
        ),
        "area": _texts("Toiminta-alue", "Verksamhetsområde", "Area"),
        "step": _texts("Taso", "Nivå", "Step"),
        "evidence": _texts("Peruste", "Belägg", "Evidence"),
        "assessments_file": _texts("Arviot", "Bedömningar", "Assessments"),
        "new_year": _texts("Uusi vuosi", "Nytt år", "New year"),
        "create_year": _texts("Aloita vuoden arviot", "Börja årets bedömningar", "Start the year"),
        "band_most_often": _texts(
            "Useimmin edustettuina (vähintään 3/4 ryhmistä)",
            "Oftast representerade (i minst 3/4 av grupperna)",
            "Most often (in at least 3 in 4 groups)",
        ),
        "band_over_half": _texts(
            "Yli puolessa ryhmistä",
            "I över hälften av grupperna",
            "In over half of the groups",
        ),
        "band_less_often": _texts(
            "Harvemmin (enintään puolessa ryhmistä)",
            "Mer sällan (i högst hälften av grupperna)",
            "Less often (in half of the groups or fewer)",
        ),
        "representation_illustrative": _texts(
            "Kuvitteellinen esimerkki {n} ryhmästä, ei oikeaa aineistoa.",
            "Påhittat exempel med {n} grupper, inte verkliga uppgifter.",
            "An illustrative example of {n} groups, not real data.",
        ),
        "representation_agrees": _texts(
            "Lähde ({source}) sijoittaa jokaisen toimijatyypin samoin.",
            "Källan ({source}) placerar varje typ av aktör likadant.",
            "The source ({source}) bands every kind alike.",
        ),
        "representation_differs": _texts(
            "{kind} on lähteessä {published}, aineistossa {band}",
            "{kind} är i källan {published}, i uppgifterna {band}",
            "{kind} is {published} in the source, {band} in the data",
        ),
        "chart_representation": _texts(
            "Missä ryhmissä kukin toimijatyyppi on mukana ({year})",
            "I hur många grupper varje typ av aktör sitter ({year})",
            "How many groups each kind of organisation sits in ({year})",
        ),
        "link_confidence": _texts("yhteyden varmuus", "sambandets säkerhet", "link confidence"),
        "confidence_high": _texts("varma", "säker", "high"),
        "confidence_medium": _texts("kohtalainen", "måttlig", "medium"),
        "confidence_low": _texts("heikko", "låg", "low"),
        "in_steering": _texts("Johtoryhmässä", "I styrgruppen", "In the steering group"),
        "chart_distribution": _texts(
            "Ryhmien tasot toiminta-alueittain {year} ({by})",
            "Gruppernas nivåer per verksamhetsområde {year} ({by})",
            "The groups' steps by area, {year} ({by})",
        ),
        "kind_of_member": _texts("Toimijatyyppi", "Typ av aktör", "Kind of organisation"),
        "groups_count": _texts("Ryhmiä", "Grupper", "Groups"),
        "band": _texts("Edustettuna", "Representerad", "Represented"),
        "practices": _texts(
            "Hyvät käytännöt ja kehittämiskohteet",
            "Goda praxis och utvecklingsmål",
            "Good practices and development targets",
        ),
        "assessed_by": _texts("Arvioija", "Bedömare", "Assessed by"),
        "not_rated": _texts("ei arvioitu", "inte bedömd", "not rated"),
        "rating_chosen": _texts(
            "{group} · {area}: peruste (Enter tallentaa)",
            "{group} · {area}: belägg (Enter sparar)",
            "{group} · {area}: evidence (Enter saves)",
        ),
        "rate_first": _texts(
            "Valitse ensin taso, sitten peruste",
            "Välj först en nivå, sedan belägg",
            "Choose a step first, then the evidence",
        ),
        "chart_similarity": _texts(
            "Kuinka samanlaisia alueiden ehdotukset ovat",
            "Hur lika regionernas förslag är",
            "How alike the regions' proposals are",
        ),
        "chart_workload": _texts(
            "Kuinka monta riviä kukin toimija koordinoi",
            "Hur många rader varje aktör koordinerar",
            "How many rows each body coordinates",
        ),
        "chart_changes": _texts(
            "Muutokset lähtötilanteeseen", "Ändringar mot utgångsläget", "Changes to the baseline"
        ),
        "row": _texts("Rivi", "Rad", "Row"),
        "rows": _texts("Rivejä", "Rader", "Rows"),
        "body": _texts("Toimija", "Aktör", "Body"),
        "region": _texts("Alue", "Region", "Region"),
        "regions": _texts("Alueet", "Regioner", "Regions"),
        "role": _texts("Rooli", "Roll", "Role"),
        "partner": _texts("kumppani", "partner", "partner"),
        "tasks": _texts("Tehtävät", "Uppgifter", "Tasks"),
        "status": _texts("Tila", "Status", "Status"),
        "share": _texts("Osuus", "Andel", "Share"),
        "named": _texts("Nimenneet", "Har angett", "Named by"),
        "answered": _texts("Vastanneet", "Har svarat", "Answered"),
        "named_lead": _texts(
            "Vastuutahoksi nimenneet", "Har angett som ansvarig", "Named as lead by"
        ),
        "similar_bodies": _texts(
            "Samat toimijat (Jaccard)", "Samma aktörer (Jaccard)", "Same bodies (Jaccard)"
        ),
        "similar_tasks": _texts(
            "Samat tehtävät (Jaccard)", "Samma uppgifter (Jaccard)", "Same tasks (Jaccard)"
        ),
        "consensus_rows": _texts(
            "Rivit, joilla yhteisymmärrys", "Rader med samförstånd", "Rows with consensus"
        ),
        "proposed_rows": _texts(
            "Ehdotetut rivit (alue keskimäärin)",
            "Föreslagna rader (region i genomsnitt)",
            "Proposed rows (average region)",
        ),
        "change": _texts("Muutos", "Ändring", "Change"),
        "body_added": _texts("toimija lisätty", "aktör tillagd", "body added"),
        "body_removed": _texts("toimija poistettu", "aktör borttagen", "body removed"),
        "role_changed": _texts("rooli muuttunut", "roll ändrad", "role changed"),
        "before": _texts("Ennen", "Före", "Before"),
        "after": _texts("Jälkeen", "Efter", "After"),
        # the workbench's widgets
        "proposal_file": _texts("Ehdotus", "Förslag", "Proposal"),
        "new_proposal": _texts("Uusi ehdotus", "Nytt förslag", "New proposal"),
        "start_from": _texts("Pohjana", "Utgångspunkt", "Start from"),
        "start_migrated": _texts(
            "siirretty lähtötilanne", "överfört utgångsläge", "migrated baseline"
        ),
        "start_baseline": _texts(
            "lähtötilanne sellaisenaan", "utgångsläget som det är", "baseline as it is"
        ),
        "start_empty": _texts("tyhjä", "tomt", "empty"),
        "create_proposal": _texts("Luo ehdotus", "Skapa förslag", "Create proposal"),
        "create_refused": _texts(
            "Ehdotusta ei luotu", "Förslaget skapades inte", "The proposal was not created"
        ),
        "editor": _texts(
            "Muokkaaja",
            "Redigerare",
            "Editor",
        ),
        "editor_name": _texts(
            "nimesi muutoslokiin",
            "ditt namn i ändringsloggen",
            "your name for the log",
        ),
        "undo": _texts(
            "Kumoa",
            "Ångra",
            "Undo",
        ),
        "redo": _texts(
            "Tee uudelleen",
            "Gör om",
            "Redo",
        ),
        "findings": _texts(
            "Huomiot",
            "Anmärkningar",
            "Findings",
        ),
        "note": _texts(
            "Huomautus",
            "Anmärkning",
            "Note",
        ),
        "apply": _texts(
            "Tallenna rivi",
            "Spara raden",
            "Save the row",
        ),
        "one_per_line": _texts(
            "yksi riviä kohden",
            "en per rad",
            "one per line",
        ),
        "saved": _texts(
            "tallennettu",
            "sparat",
            "saved",
        ),
        "unsaved": _texts(
            "tallentamatta",
            "osparat",
            "not saved",
        ),
        "ended": _texts(
            "päättyi",
            "upphörde",
            "ended",
        ),
        "not_yet": _texts(
            "ei vielä olemassa",
            "fanns inte ännu",
            "not yet in existence",
        ),
        "from": _texts(
            "alkaen",
            "från",
            "from",
        ),
        "all": _texts(
            "Kaikki",
            "Alla",
            "All",
        ),
        "thresholds": _texts(
            "Vähemmistö ≤ · yhteisymmärrys ≥",
            "Minoritet ≤ · samförstånd ≥",
            "Minority ≤ · consensus ≥",
        ),
        "by_region": _texts(
            "alueittain",
            "per region",
            "by region",
        ),
        "by_answer": _texts(
            "vastauksittain",
            "per svar",
            "by answer",
        ),
        "support": _texts(
            "Kannatus",
            "Stöd",
            "Support",
        ),
        "agenda": _texts(
            "Asialista",
            "Dagordning",
            "Agenda",
        ),
        "minority_views": _texts(
            "Eriävät näkemykset",
            "Avvikande åsikter",
            "Minority views",
        ),
        "side_by_side": _texts(
            "Rinnakkain",
            "Sida vid sida",
            "Side by side",
        ),
        "coverage_unstated": _texts(
            "; {n} ryhmän vastaajaa ei ole kerrottu",
            "; för {n} grupp(er) anges inte vem som svarade",
            "; {n} without saying who answered",
        ),
        "coverage_not_selected": _texts(
            ", {n} ei valittu vertailuun",
            ", {n} inte valda för jämförelsen",
            ", {n} not selected for the comparison",
        ),
        "coverage": _texts(
            "{answered}/{asked} ryhmää vastasi: {coordinator} koordinaattorin kautta, "
            "{group} ryhmänä, {joint_groups} ryhmää {joint_answers} yhteisvastauksessa; "
            "{declined} kieltäytyi, {missing} ei vastannut",
            "{answered}/{asked} grupper svarade: {coordinator} via koordinatorn, {group} som "
            "grupp, {joint_groups} i {joint_answers} gemensamt svar; {declined} avböjde, "
            "{missing} svarade inte",
            "{answered}/{asked} groups answered: {coordinator} through their coordinator, "
            "{group} as a group, {joint_groups} in {joint_answers} joint answer; {declined} "
            "declined, {missing} missing",
        ),
        "illustrative_mark": _texts("kuvitteellinen", "påhittat", "illustrative"),
        "survey_heading": _texts("Kysely", "Enkäten", "The survey"),
        "survey_dates": _texts(
            "Lähetetty {sent}, vastaukset {due} mennessä",
            "Skickad {sent}, svar senast {due}",
            "Sent {sent}, answers due {due}",
        ),
        "survey_forum": _texts(", foorumi {forum}", ", forum {forum}", ", forum {forum}"),
        "survey_returns": _texts(
            "Kyselyn oma yhteenveto", "Enkätens egen sammanfattning", "The survey's own summary"
        ),
        "survey_findings": _texts(
            "Yhteenvedon havainnot", "Sammanfattningens iakttagelser", "The summary's findings"
        ),
        "survey_answers": _texts(
            "Ehdotusten vastaukset", "Förslagens svar", "The proposals' answers"
        ),
        "survey_no_answers": _texts(
            "Ehdotuksissa ei vastauksia tähän.",
            "Förslagen svarar inte på den här.",
            "No proposal answers this.",
        ),
        "intake_heading": _texts("Vastausten vastaanotto", "Mottagna svar", "Intake"),
        "intake_summary": _texts(
            "{answered}/{asked} ryhmää vastasi, {declined} kieltäytyi, {errors} virheellistä,"
            " {missing} puuttuu",
            "{answered}/{asked} grupper svarade, {declined} avstod, {errors} med fel,"
            " {missing} saknas",
            "{answered}/{asked} groups answered, {declined} declined, {errors} with errors,"
            " {missing} missing",
        ),
        "intake_stray": _texts(
            "; lisäksi {files} tiedosto(a), joka ei ole kysytyn ryhmän",
            "; dessutom {files} fil(er) som inte hör till en tillfrågad grupp",
            "; and {files} file(s) of no group asked",
        ),
        "intake_answered": _texts("vastattu", "svarat", "answered"),
        "intake_declined": _texts("kieltäytyi", "avstod", "declined"),
        "intake_errors": _texts("virheitä", "fel", "errors"),
        "intake_missing": _texts("puuttuu", "saknas", "missing"),
        "intake_group": _texts("Ryhmä", "Grupp", "Group"),
        "intake_state": _texts("Tila", "Läge", "State"),
        "intake_file": _texts("Palautettu tiedosto", "Returnerad fil", "Returned file"),
        "intake_problems": _texts("Virheet ja huomiot", "Fel och anmärkningar", "Errors and notes"),
        "coverage_regions": _texts(
            " ({answered}/{asked} maakuntaa)",
            " ({answered}/{asked} landskap)",
            " ({answered}/{asked} regions)",
        ),
        "no_agenda": _texts(
            "Ei kiistanalaisia kohtia.",
            "Inga omstridda punkter.",
            "Nothing contested.",
        ),
        "no_views": _texts(
            "Ei eriäviä näkemyksiä.",
            "Inga avvikande åsikter.",
            "No minority views.",
        ),
        "adds": _texts(
            "lisää",
            "lägger till",
            "adds",
        ),
        "omits": _texts(
            "jättää pois",
            "utelämnar",
            "leaves out",
        ),
        "same": _texts(
            "Ei eroja.",
            "Inga skillnader.",
            "No differences.",
        ),
        "level": _texts(
            "Taso",
            "Nivå",
            "Level",
        ),
        "task": _texts(
            "Tehtävä",
            "Uppgift",
            "Task",
        ),
        "decisions": _texts(
            "Foorumin päätökset",
            "Forumets beslut",
            "The forum's decisions",
        ),
        "decisions_intro": _texts(
            "Ehdotukset muuttavat lähtötilannetta {n} kohdassa. Valitse hyväksyttävät; tulos "
            "tallennetaan tiedostoon {out}.",
            "Förslagen ändrar utgångsläget på {n} punkter. Välj de som godkänns; resultatet "
            "sparas i filen {out}.",
            "The proposals change the baseline in {n} places. Tick the ones to accept; the "
            "result is saved as {out}.",
        ),
        "accept_all": _texts(
            "Hyväksy kaikki",
            "Godkänn alla",
            "Accept all",
        ),
        "reject_all": _texts(
            "Hylkää kaikki",
            "Avvisa alla",
            "Reject all",
        ),
        "reload": _texts("Lataa tiedosto uudelleen", "Läs in filen igen", "Reload the file"),
        "merge": _texts("Yhdistä muutokseni", "Slå ihop mina ändringar", "Merge my edits"),
        "lost_edits": _texts(
            "Tiedosto luettu uudelleen. Nämä muutoksesi jäivät pois: {parts}",
            "Filen lästes in igen. Dessa ändringar gick förlorade: {parts}",
            "The file was read again. These edits of yours were lost: {parts}",
        ),
        "quotes": _texts("lainaukset", "citat", "quotations"),
        "conflict": _texts(
            "Joku muu tallensi tiedoston sillä välin: muutostasi ei tallennettu. Yhdistä se "
            "hänen versioonsa tai lataa tiedosto uudelleen.",
            "Någon annan sparade filen under tiden: din ändring sparades inte. Slå ihop den med "
            "den versionen eller läs in filen igen.",
            "Someone else saved the file meanwhile: your edit was not saved. Merge it onto their "
            "version or reload the file.",
        ),
        "clash": _texts(
            "Joku muu muutti samaa kohtaa sillä välin ({parts}): muutostasi ei tallennettu. "
            "Valitse, kumpi jää.",
            "Någon annan ändrade samma ställe under tiden ({parts}): din ändring sparades inte. "
            "Välj vilken som gäller.",
            "Someone else changed the same place meanwhile ({parts}): your edit was not saved. "
            "Choose which stays.",
        ),
        "keep_theirs": _texts("Pidä toisen muutos", "Behåll den andras ändring", "Keep theirs"),
        "keep_mine": _texts("Pidä oma muutokseni", "Behåll min ändring", "Keep mine"),
        "kept_theirs": _texts(
            "Toisen muutos jäi voimaan; nämä muutoksesi jäivät pois: {parts}",
            "Den andras ändring gäller; dessa ändringar av dig gick förlorade: {parts}",
            "Their edit stays; these edits of yours were left out: {parts}",
        ),
        "caught_up": _texts(
            "Joku muu tallensi tiedoston: {parts}",
            "Någon annan sparade filen: {parts}",
            "Someone else saved the file: {parts}",
        ),
        "retry": _texts("Yritä tallentaa uudelleen", "Försök spara igen", "Try to save again"),
        "write_failed": _texts(
            "Tiedostoon ei voitu kirjoittaa, mitään ei muutettu: {reason}",
            "Filen kunde inte skrivas, inget ändrades: {reason}",
            "The file could not be written, nothing was changed: {reason}",
        ),
        "workbench_title": _texts(
            "TNO-foorumi: koordinaation työpöytä",
            "TNO-forumet: koordineringens arbetsbord",
            "TNO forum: the coordination workbench",
        ),
        "proposals": _texts("Ehdotukset", "Förslag", "Proposals"),
        "baseline_file": _texts("Lähtötilanne", "Utgångsläge", "Baseline"),
        "open": _texts("Avaa", "Öppna", "Open"),
        "loading": _texts("Ladataan…", "Laddar…", "Loading…"),
        "part_compare": _texts("1. Vertailu", "1. Jämförelse", "1. Compare"),
        "part_edit": _texts("2. Muokkaus", "2. Redigering", "2. Edit"),
        "part_synthesis": _texts("3. Päätökset", "3. Beslut", "3. Decide"),
        "part_forum": _texts("4. Foorumi", "4. Forum", "4. Forum"),
        "monitoring_heading": _texts(
            "Ryhmien seuranta", "Uppföljning av grupperna", "Monitoring the groups"
        ),
        "monitoring_illustrative": _texts(
            "Seurannan arviot ja kokoonpano ovat kuvitteellisia esimerkkejä, eivät oikeita.",
            "Uppföljningens bedömningar och sammansättning är påhittade exempel, inte verkliga.",
            "The monitoring's assessments and make-up are illustrative examples, not real data.",
        ),
        "monitoring_ratings": _texts(
            "Ryhmien tasot: {scale}",
            "Gruppernas nivåer: {scale}",
            "The groups' steps: {scale}",
        ),
        "no_composition": _texts(
            "Ryhmien kokoonpanoa ei ole aineistossa.",
            "Gruppernas sammansättning finns inte i uppgifterna.",
            "The data has no make-up of the groups.",
        ),
        "part_monitoring": _texts("5. Seuranta", "5. Uppföljning", "5. Monitoring"),
        "no_assessments": _texts(
            "Aineistossa ei ole ryhmien arvioita (monitoring/assessments).",
            "Uppgifterna har inga bedömningar av grupperna (monitoring/assessments).",
            "The data has no assessments of the groups (monitoring/assessments).",
        ),
        "accept_reached": _texts(
            "Hyväksy kaikki kynnyksen ylittäneet",
            "Godkänn alla som nått tröskeln",
            "Accept all that reached the threshold",
        ),
        "accept_row": _texts(
            "Hyväksy rivin muutokset", "Godkänn radens ändringar", "Accept the row's changes"
        ),
        "reject_row": _texts(
            "Hylkää rivin muutokset", "Avvisa radens ändringar", "Reject the row's changes"
        ),
        "accept_body": _texts(
            "Hyväksy toimijan muutokset", "Godkänn aktörens ändringar", "Accept the body's changes"
        ),
        "reject_body": _texts(
            "Hylkää toimijan muutokset", "Avvisa aktörens ändringar", "Reject the body's changes"
        ),
        "decision_read": _texts(
            "Tallennettu päätös luettu: {n}/{total} muutosta hyväksytty.",
            "Sparat beslut inläst: {n}/{total} ändringar godkända.",
            "Saved decision read: {n}/{total} changes accepted.",
        ),
        "decision_summary": _texts(
            "Foorumi hyväksyi {n}/{total} ehdotettua muutosta; päätös on tiedostossa {out}.",
            "Forumet godkände {n}/{total} föreslagna ändringar; beslutet finns i filen {out}.",
            "The forum accepted {n}/{total} proposed changes; the decision is in {out}.",
        ),
        "accept": _texts("Hyväksy", "Godkänn", "Accept"),
        "reject": _texts("Hylkää", "Avvisa", "Reject"),
        "defer": _texts("Siirrä", "Skjut upp", "Defer"),
        "previous": _texts("Edellinen", "Föregående", "Previous"),
        "next": _texts("Seuraava", "Nästa", "Next"),
        "rationale_placeholder": _texts(
            "Perustelu yhdellä rivillä; Enter, sitten 1 hyväksyy, 2 hylkää, 3 siirtää",
            "Motivering på en rad; Enter, sedan 1 godkänner, 2 avvisar, 3 skjuter upp",
            "The rationale in one line; Enter, then 1 accepts, 2 rejects, 3 defers",
        ),
        "rationale_missing": _texts(
            "Kirjoita perustelu ensin (yksi rivi).",
            "Skriv först en motivering (en rad).",
            "Write the rationale first (one line).",
        ),
        "name_missing": _texts(
            "Kirjoita nimesi ylös kohtaan Muokkaaja: päätökseen kirjataan, kuka sen kirjasi.",
            "Skriv ditt namn uppe under Redigerare: beslutet antecknar vem som antecknade det.",
            "Write your name at the top (Editor): a decision records who recorded it.",
        ),
        "agenda_place": _texts(
            "Asialistan kohta {n}/{total}",
            "Punkt {n}/{total} på dagordningen",
            "Agenda item {n} of {total}",
        ),
        "item_support": _texts(
            "<b>{n}/{total}</b> vastanneesta alueesta nimesi ({percent} %) · leirit {camps}",
            "<b>{n}/{total}</b> av regionerna som svarade angav den ({percent} %) · läger {camps}",
            "<b>{n} of {total}</b> regions that answered named it ({percent}%) · camps {camps}",
        ),
        "dissent": _texts(
            "Leiri, joka ei kallistu siihen",
            "Lägret som inte lutar åt den",
            "The camp that does not lean to it",
        ),
        "task_groups": _texts("Tehtäväryhmät", "Uppgiftsgrupper", "Task groups"),
        "in_baseline": _texts("Lähtötilanteessa", "I utgångsläget", "In the baseline"),
        "absent": _texts("ei mukana", "inte med", "not there"),
        "decided_so_far": _texts(
            "Päätetty tähän mennessä: {n}/{total}",
            "Beslutat hittills: {n}/{total}",
            "Decided so far: {n} of {total}",
        ),
        "verdict": _texts("Päätös", "Beslut", "Decision"),
        "verdict_accept": _texts("hyväksytty", "godkänd", "accepted"),
        "verdict_reject": _texts("hylätty", "avvisad", "rejected"),
        "verdict_defer": _texts("siirretty", "uppskjuten", "deferred"),
        "rationale": _texts("Perustelu", "Motivering", "Rationale"),
        "decided_by": _texts("Kirjasi", "Antecknad av", "Recorded by"),
        "decided_at": _texts("Aika", "Tid", "When"),
        "verdicts_heading": _texts(
            "Päätökset asialistalta", "Beslut om dagordningen", "Decisions on the agenda"
        ),
        "verdicts_intro": _texts(
            "Foorumi kävi asialistaa läpi kohta kohdalta ja kirjasi {n} päätöstä perusteluineen."
            " Kustakin kohdasta on voimassa viimeisin päätös; matriisi alla noudattaa niitä.",
            "Forumet gick igenom dagordningen punkt för punkt och antecknade {n} beslut med"
            " motiveringar. För varje punkt gäller det senaste beslutet; matrisen nedan följer"
            " dem.",
            "The forum walked its agenda item by item and recorded {n} decisions with their"
            " rationale. The last decision on each item is in force; the matrix below follows"
            " them.",
        ),
        "report_decided": _texts(
            "Foorumin päätös",
            "Forumets beslut",
            "The forum's decision",
        ),
        "report_decided_intro": _texts(
            "Tämä on foorumin tallentama päätös ({out}): {n}/{total} ehdotetusta muutoksesta "
            "hyväksyttiin.",
            "Detta är forumets sparade beslut ({out}): {n}/{total} föreslagna ändringar godkändes.",
            "This is the decision the forum saved ({out}): {n}/{total} proposed changes were "
            "accepted.",
        ),
        "report_decided_plain": _texts(
            "Tämä on foorumin tallentama päätös ({out}).",
            "Detta är forumets sparade beslut ({out}).",
            "This is the decision the forum saved ({out}).",
        ),
        "report_proposed_intro": _texts(
            "Foorumi ei ole tallentanut päätöstä. Tämä on automaattinen ehdotus: toimijat ja "
            "tehtävät, joita vähintään {consensus} riviin vastanneista alueista ehdotti.",
            "Forumet har inte sparat något beslut. Detta är ett automatiskt förslag: aktörer och "
            "uppgifter som minst {consensus} av regionerna som besvarat raden föreslog.",
            "The forum has saved no decision. This is the automatic proposal: the bodies and "
            "tasks that at least {consensus} of the regions answering the row proposed.",
        ),
        "save": _texts(
            "Tallenna synteesi",
            "Spara syntesen",
            "Save the synthesis",
        ),
        "nobody_proposed": _texts(
            "kukaan ei ehdottanut",
            "ingen föreslog",
            "nobody proposed",
        ),
        "regions_changed": _texts(
            "ehdottajat",
            "förslagsställare",
            "proposers",
        ),
        "bodies_reordered": _texts(
            "järjestys",
            "ordning",
            "order",
        ),
        "task_added": _texts(
            "tehtävä lisätään",
            "uppgift läggs till",
            "add task",
        ),
        "task_removed": _texts(
            "tehtävä poistetaan",
            "uppgift tas bort",
            "remove task",
        ),
        "task_reworded": _texts(
            "tehtävä muotoillaan",
            "uppgift omformuleras",
            "reword task",
        ),
        "task_changed": _texts(
            "tehtävä muuttuu",
            "uppgift ändras",
            "task changes",
        ),
        "tasks_reordered": _texts(
            "tehtävien järjestys",
            "uppgifternas ordning",
            "task order",
        ),
        "quotes_changed": _texts(
            "lainaukset",
            "citat",
            "quotes",
        ),
        "row_added": _texts(
            "rivi lisätään",
            "rad läggs till",
            "add row",
        ),
        "row_removed": _texts(
            "rivi poistetaan",
            "rad tas bort",
            "remove row",
        ),
        "rows_reordered": _texts(
            "rivien järjestys",
            "radernas ordning",
            "row order",
        ),
        "note_changed": _texts("huomautus muuttuu", "anmärkningen ändras", "note changes"),
        # Registry texts shown in Finnish for want of one in the chosen language (HTML reports).
        "fallback": _texts(
            "Rekisterissä ei ole tätä nimeä valitulla kielellä; se näkyy suomeksi",
            "Registret saknar namnet på svenska; det visas på finska",
            "The registry has no English name; the Finnish one is shown",
        ),
        "fallback_note": _texts(
            "Nimi suomeksi: rekisterissä ei ole nimeä valitulla kielellä.",
            "Namnet på finska: registret saknar ett svenskt namn.",
            "The Finnish name: the registry has no English one.",
        ),
        # The forum report (elo-coord report).
        "report_title": _texts(
            "TNO-foorumi: alueiden ehdotusten vertailu",
            "TNO-forumet: jämförelse av regionernas förslag",
            "TNO forum: the regions' proposals compared",
        ),
        "report_illustrative": _texts(
            "{n}/{total} ehdotuksesta on kuvitteellisia esimerkkejä, ei oikeita kyselyvastauksia "
            "— samoin kaikki, mitä niistä tässä lasketaan.",
            "{n}/{total} av förslagen är påhittade exempel, inte verkliga enkätsvar — liksom allt "
            "som räknas ut av dem här.",
            "{n} of the {total} proposals are illustrative examples, not real survey answers — "
            "and so is everything worked out from them here.",
        ),
        "contents": _texts("Sisältö", "Innehåll", "Contents"),
        "report_baseline": _texts("Lähtötilanne", "Utgångsläge", "Baseline"),
        "report_proposals": _texts("Ehdotukset", "Förslag", "Proposals"),
        "coverage_heading": _texts("Kattavuus", "Täckning", "Coverage"),
        "missing_groups": _texts("Ei vastannut", "Svarade inte", "Did not answer"),
        "declined_groups": _texts("Kieltäytyi", "Avböjde", "Declined"),
        "joint_answers": _texts("Yhteisvastaukset", "Gemensamma svar", "Joint answers"),
        "camps": _texts("Leirit", "Läger", "Camps"),
        "group_consensus": _texts(
            "Leirien yhteinen tuki", "Lägrens gemensamma stöd", "Group-aware consensus"
        ),
        "agenda_intro": _texts(
            "Kiistanalaiset kohdat: toimijan nimeää yli {minority} mutta alle {consensus} riviin "
            "vastanneista alueista. Ensin kohdat, joista samankaltaisesti vastanneiden alueiden "
            "leirit ovat lähimpänä yhteistä kantaa (leirien yhteinen tuki).",
            "Omstridda punkter: aktören anges av fler än {minority} men färre än {consensus} av "
            "regionerna som besvarat raden. Först de punkter där lägren av regioner som svarat "
            "lika står närmast varandra (lägrens gemensamma stöd).",
            "Contested cells: the body is named by more than {minority} but fewer than "
            "{consensus} of the regions that answered the row. First the cells on which the "
            "camps of regions that answered alike come nearest to agreeing (group-aware "
            "consensus).",
        ),
        "views_intro": _texts(
            "Alue lisää toimijan, jonka nimeää enintään {minority} riviin vastanneista, tai jättää "
            "pois toimijan, jonka vähintään {consensus} nimeää.",
            "En region lägger till en aktör som högst {minority} av dem som besvarat raden anger, "
            "eller utelämnar en aktör som minst {consensus} anger.",
            "A region adds a body that at most {minority} of those who answered the row name, or "
            "leaves out one that at least {consensus} name.",
        ),
        "report_synthesis": _texts(
            "Synteesi: mistä alueet ovat yhtä mieltä",
            "Syntes: det regionerna är överens om",
            "Synthesis: what the regions agree on",
        ),
        "no_baseline": _texts(
            "Lähtötilannetta ei annettu, joten eroja siihen ei näytetä.",
            "Inget utgångsläge angavs, så skillnaderna mot det visas inte.",
            "No baseline was given, so no differences from it are shown.",
        ),
        "no_body_changes": _texts(
            "Samat toimijat kuin lähtötilanteessa.",
            "Samma aktörer som i utgångsläget.",
            "The same bodies as the baseline.",
        ),
        "all_changes": _texts("Kaikki muutokset", "Alla ändringar", "All changes"),
        "named_n": _texts("{n}/{total} nimesi", "{n}/{total} angav den", "{n}/{total} named it"),
        "not_named_n": _texts(
            "{n}/{total} ei nimennyt", "{n}/{total} angav den inte", "{n}/{total} did not name it"
        ),
        "named_them": _texts("{names} nimesivät", "{names} angav den", "named by {names}"),
        "question_split": _texts(
            "Ehdottajia {share} riviin vastanneista alueista, mutta vain {camps} leiristä;"
            " eivät nimeä: {dissent}.",
            "Föreslogs av {share} av regionerna som svarade på raden, men bara i {camps} läger;"
            " anger den inte: {dissent}.",
            "Proposed by {share} of the regions that answered the row, but in only {camps}"
            " camps; not named by: {dissent}.",
        ),
        "question_share": _texts(
            "Ehdottajia {share} riviin vastanneista alueista.",
            "Föreslogs av {share} av regionerna som svarade på raden.",
            "Proposed by {share} of the regions that answered the row.",
        ),
        "synthesis_title": _texts(
            "Synteesi {n} ehdotuksesta", "Syntes av {n} förslag", "Synthesis of {n} proposals"
        ),
        "synthesis_note": _texts(
            "Koottu elo_coordilla {n} ehdotuksesta: mukana toimijat ja tehtävät, jotka vähintään"
            " {share} % riviin vastanneista alueista nimesi ({counted}).",
            "Sammanställd med elo_coord av {n} förslag: med är de aktörer och uppgifter som minst"
            " {share} % av regionerna som svarade på raden angav ({counted}).",
            "Compiled with elo_coord from {n} proposals: the bodies and tasks named by at least"
            " {share}% of the regions that answered the row ({counted}).",
        ),
        "counted_by_region": _texts(
            "yhteisvastaus kerran kullekin alueelle",
            "ett gemensamt svar en gång för varje region",
            "a joint answer once for each region",
        ),
        "counted_by_answer": _texts("vastaukset kerran", "varje svar en gång", "each answer once"),
        # The survey workbook (elo_coord._workbook): sheets, headers, choices and instructions.
        "workbook_sheet_instructions": _texts("Ohjeet", "Anvisningar", "Instructions"),
        "workbook_sheet_national": _texts("Kansallinen", "Nationell", "National"),
        "workbook_sheet_regional": _texts("Alueellinen", "Regional", "Regional"),
        "workbook_sheet_answer": _texts("Vastaus", "Svar", "Answer"),
        "workbook_row": _texts("Rivi", "Rad", "Row"),
        "workbook_text": _texts("Tavoite tai keino", "Mål eller medel", "Goal or means"),
        "workbook_tasks": _texts(
            "Tehtävät (yksi riville)", "Uppgifter (en per rad)", "Tasks (one per line)"
        ),
        "workbook_note": _texts("Huomautus", "Anmärkning", "Note"),
        "workbook_group": _texts("ryhmä", "grupp", "group"),
        "workbook_coordinator": _texts("koordinaattori", "koordinator", "coordinator"),
        "workbook_yes": _texts("kyllä", "ja", "yes"),
        "workbook_no": _texts("ei", "nej", "no"),
        "workbook_question": _texts("Kysymys", "Fråga", "Question"),
        "workbook_answer": _texts("Vastaus", "Svar", "Answer"),
        "workbook_respondent": _texts(
            "Kuka vastaa: koko ELO-ryhmä (ryhmä) vai sen koordinaattori (koordinaattori)?",
            "Vem svarar: hela ELO-gruppen (grupp) eller dess koordinator (koordinator)?",
            "Who answers: the whole ELO group (group) or its coordinator (coordinator)?",
        ),
        "workbook_declined": _texts(
            "Ryhmä ei vastaa kyselyyn: valitse kyllä, jos ryhmä kieltäytyy vastaamasta.",
            "Gruppen svarar inte på enkäten: välj ja om gruppen avstår från att svara.",
            "The group does not answer the survey: choose yes if the group declines to answer.",
        ),
        "workbook_answer_note": _texts(
            "Huomautus koko vastauksesta",
            "Anmärkning om hela svaret",
            "A remark on the whole answer",
        ),
        "workbook_how_title": _texts(
            "Näin täytätte työkirjan", "Så fyller ni i arbetsboken", "How to fill in the workbook"
        ),
        "workbook_how_grids": _texts(
            "Välilehdillä {national} ja {regional} on rivi kullekin strategian tavoitteelle tai"
            " keinolle ja sarake kullekin toimijalle, joka on olemassa {date}.",
            "Flikarna {national} och {regional} har en rad för varje mål eller medel i strategin"
            " och en kolumn för varje aktör som finns {date}.",
            "The sheets {national} and {regional} have a row for each goal or means of the"
            " strategy and a column for each body that exists on {date}.",
        ),
        "workbook_how_roles": _texts(
            "Valitse toimijan soluun sen rooli: {partner} tai {lead} (— tai tyhjä: ei roolia)."
            " Rivillä on kullakin tasolla enintään yksi {lead}.",
            "Välj aktörens roll i dess cell: {partner} eller {lead} (— eller tom: ingen roll)."
            " En rad har högst en {lead} på varje nivå.",
            "Choose the body's role in its cell: {partner} or {lead} (— or empty: no role)."
            " A row has at most one {lead} at each level.",
        ),
        "workbook_how_tasks": _texts(
            "Kirjoita tehtävät omaan sarakkeeseensa, yksi tehtävä riville (Alt+Enter aloittaa"
            " solussa uuden rivin). Jos tehtävän tekevät vain tietyt toimijat, kirjoita niiden"
            " tunnukset hakasulkeisiin tehtävän perään: Alueelliset koulutukset [ELY, kunnat].",
            "Skriv uppgifterna i deras kolumn, en uppgift per rad (Alt+Enter börjar en ny rad i"
            " cellen). Om bara vissa aktörer utför uppgiften, skriv deras koder inom hakparentes"
            " efter uppgiften: Regionala utbildningar [ELY, kunnat].",
            "Write the tasks in their column, one task per line (Alt+Enter starts a new line in"
            " the cell). If only some bodies do a task, write their ids in brackets after it:"
            " Regional training [ELY, kunnat].",
        ),
        "workbook_how_note": _texts(
            "Huomautus-sarakkeeseen voi kirjoittaa huomion rivistä.",
            "I kolumnen Anmärkning kan ni skriva en anmärkning om raden.",
            "The note column takes a remark on the row.",
        ),
        "workbook_how_answer": _texts(
            "Välilehdellä {answer} kerrotaan, kuka vastaa, ja vastataan avoimiin kysymyksiin."
            " Jos ryhmä ei vastaa kyselyyn, valitse siellä kyllä: täytettyjä soluja ei silloin"
            " lueta.",
            "På fliken {answer} anger ni vem som svarar och svarar på de öppna frågorna. Om"
            " gruppen inte svarar på enkäten, välj ja där: de ifyllda cellerna läses då inte.",
            "The sheet {answer} says who answers and takes the answers to the open questions."
            " If the group does not answer the survey, choose yes there: filled cells are then"
            " not read.",
        ),
        "workbook_how_keep": _texts(
            "Älä nimeä välilehtiä uudelleen, älä muuta niiden järjestystä äläkä siirrä tai poista"
            " sarakkeita tai rivejä. Tunnukset ja tekstit on lukittu vahinkojen varalta (ilman"
            " salasanaa). Työkirjan lukeva ohjelma selviää muutoksista, mutta kertoo niistä.",
            "Byt inte namn på flikarna, ändra inte deras ordning och flytta eller ta inte bort"
            " kolumner eller rader. Koder och texter är låsta mot misstag (utan lösenord)."
            " Programmet som läser arbetsboken klarar ändringar, men berättar om dem.",
            "Do not rename or reorder the sheets, and do not move or delete columns or rows."
            " Ids and texts are locked against accidents (without a password). The program"
            " that reads the workbook copes with changes, but says so.",
        ),
        "workbook_how_return": _texts(
            "Palauttakaa täytetty työkirja .xlsx-tiedostona viimeistään {due} sille, joka sen"
            " lähetti. Älkää suojatko sitä salasanalla.",
            "Returnera den ifyllda arbetsboken som .xlsx-fil senast {due} till den som skickade"
            " den. Skydda den inte med lösenord.",
            "Return the filled workbook as an .xlsx file by {due} to whoever sent it. Do not"
            " protect it with a password.",
        ),
        "round_no_answers": _texts(
            "Kierroksella {round} ei ole vielä vastauksia — luo ehdotus Muokkaus-välilehdellä"
            " tai aja round collect",
            "Omgången {round} har inga svar ännu — skapa ett förslag på fliken Redigering eller"
            " kör round collect",
            "Round {round} has no answers yet — create a proposal on the Edit tab or run round"
            " collect",
        ),
        "round_no_decisions": _texts(
            "Kierroksella {round} ei ole vielä vastauksia, joten päätettävää ei ole — luo ehdotus"
            " Muokkaus-välilehdellä tai aja round collect",
            "Omgången {round} har inga svar ännu, så det finns inget att besluta — skapa ett"
            " förslag på fliken Redigering eller kör round collect",
            "Round {round} has no answers yet, so there is nothing to decide — create a proposal"
            " on the Edit tab or run round collect",
        ),
        "folder_no_proposals": _texts(
            "Kansiossa ei ole vielä ehdotuksia — valitse ryhmä alta ja luo sen ehdotus",
            "Mappen har inga förslag ännu — välj en grupp nedan och skapa dess förslag",
            "No proposals in this folder yet — choose a group below and create its proposal",
        ),
    }
)
"""The fixed texts of a report by key, in Finnish, Swedish and English.

The keys are the model's words: a level (``national``, ``regional``, ``local``), a kind, a status
(``contested``, ``minority``, ``consensus``), a respondent, and the report's own headings.
"""


def label(key: str, lang: str = "fi") -> str:
    """Return the fixed text ``key`` of :data:`LABELS` in ``lang`` (``fi``, ``sv`` or ``en``).

    Raises
    ------
    ValueError
        ``lang`` is not ``fi``, ``sv`` or ``en``.
    KeyError
        ``key`` is not in :data:`LABELS`.

    Examples
    --------
    >>> label("national"), label("national", "sv"), label("lead", "en")
    ('Valtakunnallinen koordinaatio', 'Nationell koordinering', 'lead')
    >>> label("lead", "de")
    Traceback (most recent call last):
    ...
    elo_coord.InputError: unknown language 'de'; use fi, sv or en
    """
    check_lang(lang)
    return LABELS[key].text(lang)
