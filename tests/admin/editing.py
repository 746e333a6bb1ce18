"""What a person does in Wagtail's page editor, found by stable attributes (form field names,
ids, data- attributes, URLs), never by the visible words: the admin is translated."""

import re

from stories.models import StoryPage

BODY_BLOCKS = list(StoryPage.body.field.stream_block.child_blocks)


def close_date_pickers(page):
    """What a person does before reaching for the footer: click beside an open calendar.
    Wagtail's date picker closes on a mousedown outside it, and stays open after the date is
    typed, over whatever lies beneath (the footer's buttons, on a short window)."""
    page.evaluate("() => document.body.dispatchEvent(new MouseEvent('mousedown', {bubbles: true}))")
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for(state="hidden")


def footer_action(page, name: str):
    """Click one of the footer's submit buttons (`action-publish`, `action-submit`, …), opening
    the "more actions" dropdown when it is hidden there."""
    close_date_pickers(page)
    button = page.locator(f"footer button[name={name}]")
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target=toggle]").click()
    # From the keyboard, as the schedule dialog's button: a calendar left open over the
    # footer cannot take the press.
    button.focus()
    button.press("Enter")


def workflow_action(page, name: str):
    """Approve or request changes, from the footer of the page editor (no comment modal)."""
    button = page.locator(
        f"footer button[data-workflow-action-name={name}]:not([data-workflow-action-modal-url])"
    ).first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target=toggle]").click()
    button.click()


def save_draft(page):
    page.locator("footer button.action-save").click()


def add_block(page, block_type: str, stream: str = "body"):
    """Append a block of `block_type` to the stream through its last "+" button. The block
    menu's options carry only a translated label: they are taken by their position, which is
    the block's position in the StreamBlock definition."""
    count = page.locator(f"input[name={stream}-count]")
    before = int(count.input_value())
    page.locator(f"#{stream}-root button.c-sf-add-button").last.click()
    menu = page.locator(".tippy-box[data-state=visible] [role=listbox]")
    menu.locator("[role=option]").nth(BODY_BLOCKS.index(block_type)).click()
    # The count changes once the block is in the form: until then its fields don't exist.
    page.wait_for_function(
        f"() => document.querySelector('input[name={stream}-count]').value === '{before + 1}'"
    )
    page.locator(f"[data-contentpath] [name^='{stream}-{before}-']").first.wait_for(
        state="attached"
    )
    return f"{stream}-{before}"


def type_rich_text(page, prefix: str, text: str):
    editor = page.locator(f"[data-contentpath] #{prefix}-value").locator(
        "xpath=ancestor::*[contains(@class, 'Draftail-Editor__wrapper')][1]"
    )
    if not editor.count():
        editor = page.locator(f"#{prefix}-value + .Draftail-Editor, #{prefix}-value ~ div")
    editor.locator("[contenteditable=true]").first.click()
    page.keyboard.type(text)


def choose_image(page, chooser_id: str, image):
    """Open the image chooser of `chooser_id` (an input id) and pick `image` in the modal."""
    chooser = page.locator(f"#{chooser_id}-chooser")
    if "blank" in (chooser.get_attribute("class") or ""):
        chooser.locator(".unchosen [data-chooser-action-choose]").click()
    else:
        chooser.locator(".chosen [data-w-dropdown-target=toggle]").click()
        chooser.locator(".chosen [data-chooser-action-choose]").click()
    page.locator(
        f".modal a[data-chooser-modal-choice][href$='/chosen/{image.pk}/'],"
        f".modal a[data-chooser-modal-choice][href*='/chooser/{image.pk}/']"
    ).first.click()
    page.wait_for_function(
        f"() => document.getElementById({chooser_id!r}).value === {str(image.pk)!r}"
    )


def errors_text(page) -> str:
    """Every error the admin shows: the message bar and the fields' errors."""
    return " ".join(
        page.locator(
            ".messages .error, .w-field__errors, .error-message, "
            "[data-streamfield-block] .help-critical, .help-block.help-critical, .w-field--error"
        ).all_inner_texts()
    )


def wait_for_path(page, pattern: str):
    page.wait_for_url(re.compile(pattern))


def show_field(page, name: str):
    """Open the editor tab holding the field `name` (tabs are named in the admin's language)."""
    panel = page.evaluate(
        f"() => document.querySelector('[name={name}]').closest('[role=tabpanel]').id"
    )
    page.locator(f"[role=tab][aria-controls={panel}]").click()


def localize(obj, code: str = "en", publish: bool = True):
    """Translate through wagtail-localize, as the admin does, and publish a page translation."""
    from wagtail.models import Locale, Page
    from wagtail_localize.operations import translate_object

    translate_object(obj, [Locale.objects.get(language_code=code)])
    translated = obj.get_translation(Locale.objects.get(language_code=code))
    if publish and isinstance(translated, Page):
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
    return translated
