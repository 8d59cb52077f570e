"""Chromium itself reads the web app manifest (tests/test_installable.py checks its contents)
and finds nothing that keeps the app from being installed on a phone's home screen."""


def test_chromium_reads_the_manifest_and_could_install_the_app(page, live_server):
    page.goto(live_server.url + "/dang-nhap/")
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.json") and manifest["errors"] == []
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # a test browser is a private window, where nothing installs; nothing else is in the way
    assert {e["errorId"] for e in errors} <= {"in-incognito"}, errors
