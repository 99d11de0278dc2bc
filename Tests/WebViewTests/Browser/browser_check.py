#!/usr/bin/env python3
"""Drives a running `msdb-serve` in headless Chromium and checks its pages end to end.

    python3 browser_check.py --url http://127.0.0.1:PORT --screenshots DIR

Needs Chromium, chromedriver and the `selenium` package. The server must be serving a database
with a reproduced profile (`smoke` or `quick`: more than 50 runs, trainings with curves and
prediction previews, the reports); the reports page checked is that profile's (`--profile`, else
the first of quick, smoke, paper-size, full whose page is complete).
Prints `FAIL: <what>` for each failed check and exits 1; exits 0 when every check passes.
Screenshots of each page visited are written to DIR (runs.png, run.png, compare.png, ...).
"""

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request
from urllib.parse import parse_qs, quote, urljoin, urlparse

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

HEX64 = re.compile(r"^[0-9a-f]{64}$")
RUN_COUNT = re.compile(r"runs (\d+)\u2013(\d+) of (\d+)")
# Text that was escaped twice shows its entities on the page.
DOUBLE_ESCAPED = re.compile(r"&(amp|lt|gt|quot|#39);")
# The tallest screenshot kept (CSS pixels); longer pages are cut here.
MAX_SHOT_HEIGHT = 6000
WAIT = 20
PROFILES = ("quick", "smoke", "paper-size", "full")


class Checker:
    def __init__(self, base, shots, chromium, chromedriver, profile=None, live_command=None):
        self.base = base.rstrip("/")
        self.profile = profile
        self.live_command = live_command
        self.shots = shots
        self.failures = []
        self.notes = []
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                         "--disable-dev-shm-usage", "--hide-scrollbars"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
        self.driver.set_page_load_timeout(60)

    # MARK: helpers

    def fail(self, what):
        self.failures.append(what)

    def expect(self, condition, what):
        if not condition:
            self.fail(what)
        return bool(condition)

    def section(self, name, body):
        """Runs one group of checks; an exception fails the group but not the others. A group that
        trips over the browser itself (a node gone from the document mid-click) runs once more."""
        started = time.monotonic()
        for attempt in (1, 2):
            before = len(self.failures)
            try:
                body()
                break
            except (StaleElementReferenceException, WebDriverException) as error:
                transient = isinstance(error, StaleElementReferenceException) or \
                    "does not belong to the document" in str(error)
                if attempt == 1 and transient and not isinstance(error, TimeoutException):
                    del self.failures[before:]
                    print(f"  {name}: retrying after {type(error).__name__}", flush=True)
                    continue
                self.section_error(name, error)
                break
            except Exception as error:  # noqa: BLE001 - any error is a failed check
                self.section_error(name, error)
                break
        for failure in self.failures[before:]:
            print(f"FAIL: {failure}", flush=True)
        print(f"  {name}: {time.monotonic() - started:.1f} s", flush=True)

    def section_error(self, name, error):
        text = str(error).strip().splitlines()
        self.fail(f"{name}: {type(error).__name__}: {text[0] if text else ''} (at {self.driver.current_url})")
        if os.environ.get("BROWSER_CHECK_TRACE"):
            traceback.print_exc()
        try:
            self.screenshot("error-" + re.sub(r"[^a-z0-9]+", "-", name) + ".png")
        except WebDriverException:
            pass

    def url(self, path):
        return self.base + path

    def wait(self, condition, timeout=WAIT, message=""):
        return WebDriverWait(self.driver, timeout).until(condition, message)

    def open(self, path, ready="main"):
        self.driver.get(self.url(path))
        return self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, ready)),
                         message=f"{ready} on {path}")

    def css(self, selector, root=None):
        return (root or self.driver).find_element(By.CSS_SELECTOR, selector)

    def all(self, selector, root=None):
        return (root or self.driver).find_elements(By.CSS_SELECTOR, selector)

    def click_and_wait(self, element, ready):
        """Clicks a link or button that loads a new page and waits for `ready` on that page."""
        old = self.css("html")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()
        self.wait(EC.staleness_of(old), message="page change")
        return self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, ready)), message=ready)

    def fetch(self, path):
        """Status, headers and body of a GET from the page, as the browser sees them."""
        return self.driver.execute_async_script(
            """
            var done = arguments[arguments.length - 1];
            fetch(arguments[0], {cache: 'no-store'}).then(function (r) {
              return r.text().then(function (t) {
                var headers = {};
                r.headers.forEach(function (v, k) { headers[k] = v; });
                done({status: r.status, headers: headers, text: t});
              });
            }).catch(function (e) { done({status: -1, headers: {}, text: String(e)}); });
            """, self.url(path))

    def screenshot(self, name):
        """A PNG of the page from the top, as tall as its content (at most MAX_SHOT_HEIGHT)."""
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width = max(1400, int(size["width"]))
        height = min(MAX_SHOT_HEIGHT, max(1000, int(size["height"])))
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        with open(os.path.join(self.shots, name), "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        if int(size["height"]) > MAX_SHOT_HEIGHT:
            self.notes.append(f"{name}: page is {int(size['height'])} px tall, screenshot cut at {MAX_SHOT_HEIGHT}")
        if int(size["width"]) > 1400:
            self.notes.append(f"{name}: page is {int(size['width'])} px wide in a 1400 px window")

    def page_hygiene(self, what):
        """Every page: a <main>, no <script> inside it, at most the polling script after it, no
        entities shown as text (double escaping)."""
        info = self.driver.execute_script(
            """
            var main = document.querySelector('main');
            var scripts = Array.prototype.slice.call(document.querySelectorAll('script'));
            return {
              main: !!main,
              inMain: main ? main.querySelectorAll('script').length : -1,
              scripts: scripts.length,
              outside: scripts.filter(function (s) { return s.parentElement === document.body; }).length,
              afterMain: scripts.every(function (s) {
                return main && (main.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING) &&
                  !main.contains(s);
              }),
              text: main ? main.innerText : '',
              duplicates: (function () {
                // Ids that something points at (url(#x), href="#x") but that occur more than once:
                // the reference then resolves to the first, e.g. another figure's clip path.
                var counts = {};
                document.querySelectorAll('[id]').forEach(function (e) { counts[e.id] = (counts[e.id] || 0) + 1; });
                var referenced = {};
                document.querySelectorAll('*').forEach(function (e) {
                  for (var i = 0; i < e.attributes.length; i++) {
                    var a = e.attributes[i], m, pattern = /url\(#([^)]+)\)/g;
                    while ((m = pattern.exec(a.value)) !== null) { referenced[m[1]] = true; }
                    if ((a.name === 'href' || a.name === 'xlink:href') && a.value.charAt(0) === '#' &&
                        a.value.length > 1) { referenced[a.value.slice(1)] = true; }
                  }
                });
                var bad = [], other = 0;
                Object.keys(counts).forEach(function (id) {
                  if (counts[id] > 1) { if (referenced[id]) { bad.push(id + ' x' + counts[id]); } else { other += 1; } }
                });
                return {referenced: bad, other: other};
              })()
            };
            """)
        self.expect(info["main"], f"{what}: no <main>")
        self.expect(info["inMain"] == 0, f"{what}: {info['inMain']} <script> elements inside <main>")
        self.expect(info["scripts"] <= 1 and info["afterMain"],
                    f"{what}: {info['scripts']} <script> elements, not only the polling script after <main>")
        duplicates = info["duplicates"]
        self.expect(not duplicates["referenced"],
                    f"{what}: ids used by url(#..)/href=#.. occur more than once: {', '.join(duplicates['referenced'])}")
        if duplicates["other"]:
            self.notes.append(f"{what}: {duplicates['other']} other ids occur more than once")
        match = DOUBLE_ESCAPED.search(info["text"])
        self.expect(match is None, f"{what}: double-escaped entity {match.group(0) if match else ''} shown as text")

    def run_rows(self):
        return self.all("#runs-table tr.run-row")

    def run_count(self):
        text = self.css("#run-count").text
        match = RUN_COUNT.search(text)
        if not match:
            raise AssertionError(f"#run-count reads {text!r}")
        return tuple(int(group) for group in match.groups())

    def column_index(self, field):
        """Index (among the row's td cells) of the column sorted by `field`."""
        headers = self.all("#runs-table thead th")
        for index, header in enumerate(headers):
            if self.all(f"a.sort-link[data-field='{field}']", header):
                return index
        raise AssertionError(f"no sort link for {field}")

    def column_values(self, field):
        index = self.column_index(field)
        return self.driver.execute_script(
            """
            var index = arguments[0];
            return Array.prototype.map.call(document.querySelectorAll('#runs-table tr.run-row'),
              function (row) { return row.children[index].textContent.trim(); });
            """, index)

    def href(self, element):
        """A link's target as an absolute URL (also for SVG <a>, whose href property is no string)."""
        return urljoin(self.driver.current_url, element.get_dom_attribute("href") or "")

    def row_ids(self):
        return [row.get_attribute("data-id") for row in self.run_rows()]

    def type_filter(self, text):
        box = self.css("#filter")
        box.clear()
        box.send_keys(text)
        return self.click_and_wait(self.css("#filter-button"), "main")

    # MARK: the checks

    def runs_page(self):
        self.open("/runs", "#runs-table")
        self.page_hygiene("/runs")
        first, last, total = self.run_count()
        self.total = total
        rows = self.run_rows()
        self.expect(first == 1 and last == len(rows), f"/runs: count says {first}-{last} but shows {len(rows)} rows")
        self.expect(len(rows) == min(50, total), f"/runs: {len(rows)} rows on page 1 of {total} runs")
        self.expect(total > 50, f"/runs: only {total} runs; expected a reproduced profile (> 50)")
        for row in rows:
            run_id = row.get_attribute("data-id")
            if not self.expect(HEX64.match(run_id or ""), f"/runs: row data-id {run_id!r} is not a 64-hex id"):
                break
            link = self.href(self.css("a.run-link", row))
            box = self.css("input.compare-box", row)
            if not (self.expect(urlparse(link).path == f"/runs/{run_id}", f"/runs: row {run_id[:12]} links to {link}")
                    and self.expect(box.get_attribute("name") == "ids" and box.get_attribute("value") == run_id,
                                    f"/runs: compare box of {run_id[:12]} has value {box.get_attribute('value')!r}")):
                break
        for selector in ("#filter-form #filter[name=filter]", "#filter-button", "#compare-form #compare-button",
                         "#column-chooser .column-choice", "#columns-button", "#page-next"):
            self.expect(self.all(selector), f"/runs: no {selector}")
        fields = {link.get_attribute("data-field") for link in self.all("a.sort-link")}
        for field in ("id", "kind", "status", "seed", "created_at"):
            self.expect(field in fields, f"/runs: no sort link for {field} (have {sorted(fields)})")
        self.expect(self.css("#live").get_attribute("data-poll") == "/api/status", "/runs: no #live poll marker")
        self.screenshot("runs.png")

    def columns(self):
        self.open("/runs", "#runs-table")
        chooser = self.css("#column-chooser")
        self.css("summary", chooser).click()
        self.wait(lambda d: chooser.get_attribute("open") is not None, message="column chooser open")
        wanted = ["params.model", "metrics.miou"]
        for box in self.all(".column-choice", chooser):
            if box.is_selected() != (box.get_attribute("value") in wanted):
                box.click()
        self.click_and_wait(self.css("#columns-button"), "#runs-table")
        query = parse_qs(urlparse(self.driver.current_url).query)
        self.expect(query.get("columns") == [",".join(wanted)], f"columns: URL carries {query.get('columns')}")
        fields = [link.get_attribute("data-field") for link in self.all("a.sort-link")]
        self.expect(fields[5:] == wanted, f"columns: table shows {fields[5:]}, expected {wanted}")
        models = set(self.column_values("params.model"))
        self.expect(models - {""}, "columns: params.model column is empty on page 1")

    def paging(self):
        self.open("/runs", "#runs-table")
        page1 = self.row_ids()
        self.click_and_wait(self.css("#page-next"), "#runs-table")
        query = parse_qs(urlparse(self.driver.current_url).query)
        self.expect(query.get("page") == ["2"], f"next page: URL {self.driver.current_url} has no page=2")
        first, last, total = self.run_count()
        page2 = self.row_ids()
        self.expect((first, last) == (51, 50 + len(page2)), f"next page: count says {first}-{last}")
        self.expect(page2 and not set(page1) & set(page2), "next page: rows overlap page 1")
        self.expect(self.all("#page-previous") and self.all("#page-first"), "next page: no previous/first links")
        self.click_and_wait(self.css("#page-previous"), "#runs-table")
        self.expect(self.run_count()[:2] == (1, 50), f"previous page: count says {self.css('#run-count').text}")
        self.expect(self.row_ids() == page1, "previous page: rows differ from the first visit to page 1")
        self.expect(not self.all("#page-previous"), "page 1 has a previous link")

    def filtering(self):
        self.open("/runs", "#runs-table")
        text = "kind = 'train' and status = 'done'"
        self.type_filter(text)
        self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, "#runs-table")), message="filtered table")
        self.page_hygiene("/runs filtered")
        query = parse_qs(urlparse(self.driver.current_url).query)
        self.expect(query.get("filter") == [text], f"filter: URL carries filter {query.get('filter')}")
        self.expect(self.css("#filter").get_attribute("value") == text,
                    f"filter: box reads {self.css('#filter').get_attribute('value')!r} after submitting")
        first, last, matching = self.run_count()
        self.expect("matching" in self.css("#run-count").text, "filter: count does not say 'matching'")
        self.expect(0 < matching < self.total, f"filter: {matching} matching of {self.total}")
        kinds = self.column_values("kind")
        statuses = self.column_values("status")
        self.expect(kinds and set(kinds) == {"train"}, f"filter: kind cells {sorted(set(kinds))}")
        self.expect(set(statuses) == {"done"}, f"filter: status cells {sorted(set(statuses))}")
        self.expect(len(kinds) == min(50, matching), f"filter: {len(kinds)} rows for {matching} matching")
        self.filtered_ids = self.row_ids()
        self.screenshot("runs-filtered.png")

        # Sorting keeps the filter.
        self.click_and_wait(self.css("a.sort-link[data-field='seed']"), "#runs-table")
        self.expect(self.css("#filter").get_attribute("value") == text, "sort after filter: filter lost")
        self.expect(self.run_count()[2] == matching, "sort after filter: count changed")
        seeds = [int(seed) for seed in self.column_values("seed") if seed]
        self.expect(seeds == sorted(seeds) and len(seeds) == len(kinds),
                    f"sort after filter: seeds not ascending: {seeds[:8]}...")

    def sorting(self):
        self.open("/runs", "#runs-table")
        self.click_and_wait(self.css("a.sort-link[data-field='kind']"), "#runs-table")
        self.expect(parse_qs(urlparse(self.driver.current_url).query).get("sort") == ["kind"],
                    f"sort: first click went to {self.driver.current_url}")
        self.expect("\u25b2" in self.css("a.sort-link[data-field='kind']").text, "sort: no \u25b2 on kind header")
        ascending = self.column_values("kind")
        self.click_and_wait(self.css("a.sort-link[data-field='kind']"), "#runs-table")
        self.expect(parse_qs(urlparse(self.driver.current_url).query).get("sort") == ["-kind"],
                    f"sort: second click went to {self.driver.current_url}")
        self.expect("\u25bc" in self.css("a.sort-link[data-field='kind']").text, "sort: no \u25bc on kind header")
        descending = self.column_values("kind")
        self.expect(ascending == sorted(ascending), f"sort: ascending kinds out of order: {ascending[:5]}...")
        self.expect(descending == sorted(descending, reverse=True),
                    f"sort: descending kinds out of order: {descending[:5]}...")
        self.expect(ascending and descending and ascending[0] < descending[0],
                    f"sort: first row kind {ascending[:1]} ascending vs {descending[:1]} descending")
        self.screenshot("runs-sorted.png")

    def bad_filter(self):
        # The HTTP status and column of a filter that ends early.
        status, body = http_get(self.url("/runs?filter=" + quote("status = ")))
        self.expect(status == 400, f"bad filter 'status = ': HTTP {status}, expected 400")
        self.expect("invalid filter at column 10" in body, "bad filter 'status = ': no 'invalid filter at column 10'")

        # Typed in the browser, with markup in it: shown as text, caret under the unknown field.
        self.open("/runs", "#filter")
        text = "kind = '<script>alert(1)</script><b>x</b>' and bogus = 1"
        self.type_filter(text)
        error = self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, "#filter-error")),
                          message="#filter-error")
        self.page_hygiene("bad filter")
        self.expect(not self.all("main b, #filter-error *"), "bad filter: markup from the filter became elements")
        lines = error.get_attribute("textContent").split("\n")
        match = re.match(r"invalid filter at column (\d+)", lines[0])
        if self.expect(match, f"bad filter: error reads {lines[0]!r}"):
            column = int(match.group(1))
            expected = text.index("bogus") + 1
            self.expect(column == expected, f"bad filter: column {column}, expected {expected}")
            self.expect(len(lines) >= 3 and lines[1] == text,
                        f"bad filter: second line {lines[1:2]} is not the filter text")
            self.expect(len(lines) >= 3 and lines[2] == " " * (column - 1) + "^",
                        f"bad filter: caret line {lines[2:3]!r} does not point at column {column}")
        self.expect(self.css("#filter").get_attribute("value") == text, "bad filter: box does not keep the text")
        self.expect(not self.all("#runs-table"), "bad filter: a run table is shown anyway")
        status, _ = http_get(self.url("/runs?filter=" + quote(text)))
        self.expect(status == 400, f"bad filter: HTTP {status}, expected 400")
        self.screenshot("filter-error.png")

    def run_page(self):
        self.open("/runs?filter=" + quote("kind = 'train' and status = 'done'"), "#runs-table")
        row = self.run_rows()[0]
        run_id = row.get_attribute("data-id")
        self.click_and_wait(self.css("a.run-link", row), "#run-id")
        self.page_hygiene("run page")
        self.run_id = run_id
        self.expect(urlparse(self.driver.current_url).path == f"/runs/{run_id}",
                    f"run page: at {self.driver.current_url}")
        self.expect(self.css("#run-id").text.strip() == run_id, f"run page: #run-id reads {self.css('#run-id').text!r}")
        self.expect(self.css("#run-status").text.startswith("done"), f"run page: status {self.css('#run-status').text!r}")
        self.expect(len(self.all("#params tr")) > 3, "run page: #params has few rows")
        self.expect(len(self.all("#metrics tbody tr")) > 0, "run page: #metrics is empty")
        self.expect(self.all("#curves svg"), "run page: no svg in #curves")
        self.expect(len(self.all("#curve-summary tbody tr")) > 0, "run page: #curve-summary is empty")
        self.expect(self.all("#inputs tr"), "run page: no #inputs rows")
        self.expect(self.all("#outputs tr"), "run page: no #outputs rows")
        nodes = self.all("svg#lineage-graph a.lineage-node")
        self.expect(len(nodes) >= 2, f"run page: {len(nodes)} lineage nodes (expected the run and its dataset)")
        roots = self.all("svg#lineage-graph a.lineage-node.root")
        self.expect(len(roots) == 1 and self.href(roots[0]).endswith(f"/runs/{run_id}"),
                    "run page: the lineage root does not link to this run")
        recreate = self.css("#recreate").text
        self.expect("msdb --db" in recreate and "run -" in recreate, f"run page: #recreate reads {recreate[:80]!r}")
        for block in ("spec", "environment"):
            try:
                json.loads(self.css(f"#{block}").text)
            except ValueError:
                self.fail(f"run page: #{block} is not JSON")

        # A preview image: a lone one, or the first thumbnail of a group opened for it.
        images = self.all("#outputs img.preview, #inputs img.preview")
        if not images:
            summary = self.css("#outputs tr.artifact-group summary")
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", summary)
            summary.click()
            self.wait(lambda d: self.css("#outputs tr.artifact-group details").get_attribute("open") is not None,
                      message="details open")
            images = self.all("#outputs tr.artifact-group .thumbs img")
        if self.expect(images, "run page: no preview images in #inputs/#outputs"):
            image = images[0]
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", image)
            try:
                self.wait(lambda d: d.execute_script(
                    "return arguments[0].complete && arguments[0].naturalWidth > 0;", image),
                    timeout=10, message="preview loaded")
            except TimeoutException:
                self.fail(f"run page: preview {image.get_attribute('src')} did not load")
            source = image.get_attribute("src")
            status, _ = http_get(source)
            self.expect(status == 200, f"run page: preview {source} answers HTTP {status}")
        self.driver.execute_script("window.scrollTo(0, 0);")
        self.screenshot("run.png")

        # A lineage node leads to a run page.
        others = [self.href(node) for node in self.all("svg#lineage-graph a.lineage-node:not(.root)")]
        if self.expect(others, "run page: no lineage node besides the root"):
            target = urlparse(others[0]).path
            self.open(target, "#run-id")
            self.expect(target.endswith(self.css("#run-id").text.strip()), f"lineage link {target} shows another run")
            lone = self.all("img.preview")
            if lone:
                self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", lone[0])
                try:
                    self.wait(lambda d: d.execute_script(
                        "return arguments[0].complete && arguments[0].naturalWidth > 0;", lone[0]),
                        timeout=10, message="lone preview loaded")
                except TimeoutException:
                    self.fail(f"run page {target}: preview {lone[0].get_attribute('src')} did not load")

    def compare_page(self):
        self.open("/runs?filter=" + quote("kind = 'train' and status = 'done'"), "#runs-table")
        rows = self.run_rows()[:2]
        ids = [row.get_attribute("data-id") for row in rows]
        for row in rows:
            box = self.css("input.compare-box", row)
            box.click()
            self.expect(box.is_selected(), "compare: box not ticked")
        self.click_and_wait(self.css("#compare-button"), "#compare-runs")
        self.page_hygiene("compare page")
        parsed = urlparse(self.driver.current_url)
        self.expect(parsed.path == "/compare" and parse_qs(parsed.query).get("ids") == ids,
                    f"compare: landed on {self.driver.current_url}")
        linked = [urlparse(self.href(a)).path for a in self.all("#compare-runs a.run-link")]
        self.expect(linked == [f"/runs/{run_id}" for run_id in ids], f"compare: #compare-runs links {linked}")
        self.expect(self.all("#compare-params"), "compare: no #compare-params")
        self.expect(len(self.all("#compare-metrics tbody tr")) > 0, "compare: #compare-metrics is empty")
        self.expect(self.all("#compare-curves svg"), "compare: no svg in #compare-curves (both runs train)")
        items = self.all("#first-divergence li")
        self.expect(len(items) == len(ids) - 1, f"compare: {len(items)} items in #first-divergence")
        self.expect(len(self.all("#compare-artifacts tbody tr")) > 0, "compare: #compare-artifacts is empty")
        self.screenshot("compare.png")

    def reports_page(self):
        profile = self.profile or self.recorded_profile()
        self.open(f"/reports?profile={quote(profile)}", "#checks")
        self.page_hygiene("reports")
        self.expect(len(self.all("#datasets tbody tr")) > 0, "reports: #datasets is empty")
        checks = self.all("#checks tr.check")
        self.expect(checks, "reports: no tr.check rows")
        verdictless = [index for index, row in enumerate(checks) if not self.all("td.holds, td.fails", row)]
        self.expect(not verdictless, f"reports: checks {verdictless} have no holds/fails verdict")
        for table in ("table2", "table3"):
            element = self.all(f"table#{table}.report-table")
            if self.expect(element, f"reports: no table#{table}.report-table"):
                self.expect(self.all("a.cell-link", element[0]), f"reports: #{table} has no cell links")
                self.expect(self.all("a.run-ref", element[0]), f"reports: #{table} has no run links")
        for figure in range(2, 7):
            svgs = self.all(f"#fig{figure} svg")
            if self.expect(svgs, f"reports: no svg in #fig{figure}"):
                size = svgs[0].size
                self.expect(size["width"] > 100 and size["height"] > 100, f"reports: #fig{figure} svg is {size}")
        self.screenshot("reports.png")

        # A table cell leads to the runs of its row.
        table = "table3" if self.all("#table3 a.cell-link") else "table2"
        link = self.all(f"#{table} a.cell-link")[0]
        row = link.find_element(By.XPATH, "./ancestor::tr[1]")
        row_ids = {urlparse(self.href(a)).path.rsplit("/", 1)[-1] for a in self.all("a.run-ref", row)}
        self.expect(row_ids and all(HEX64.match(run_id) for run_id in row_ids), f"reports: row run ids {row_ids}")
        self.click_and_wait(link, "main")
        self.page_hygiene("report cell target")
        parsed = urlparse(self.driver.current_url)
        if parsed.path.startswith("/runs/"):
            shown = {self.css("#run-id").text.strip()}
        elif parsed.path == "/compare":
            self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, "#compare-runs")))
            shown = {urlparse(self.href(a)).path.rsplit("/", 1)[-1]
                     for a in self.all("#compare-runs a.run-link")}
        elif parsed.path == "/runs":
            shown = set(self.row_ids())
        else:
            shown = set()
            self.fail(f"reports: cell link led to {self.driver.current_url}")
        self.expect(shown and shown <= row_ids, f"reports: cell link shows runs {sorted(shown)} not in its row")
        self.expect(shown == row_ids, f"reports: cell link shows {len(shown)} of the row's {len(row_ids)} runs")
        self.screenshot("report-cell-run.png")

    def recorded_profile(self):
        """The first profile whose reports page is complete (checks shown, no runs missing)."""
        partial = None
        for profile in PROFILES:
            status, body = http_get(self.url(f"/reports?profile={profile}"))
            if status == 200 and 'id="checks"' in body:
                if 'id="missing"' not in body:
                    return profile
                partial = partial or profile
        if partial is None:
            raise AssertionError(f"no profile of {PROFILES} has a reports page with checks")
        return partial

    def profile_links(self):
        """Every profile named on the reports page answers with a page, not a server error."""
        self.open("/reports?profile=" + quote(self.profile or self.recorded_profile()), "main")
        links = [self.href(a) for a in self.all("main p.note a[href^='/reports']")]
        self.expect(len(links) >= 2, f"reports: {len(links)} links to other profiles")
        for link in links:
            status, body = http_get(link)
            message = re.search(r'id="error-message">([^<]*)', body)
            self.expect(status < 500, f"reports: profile link {urlparse(link).query} answers HTTP {status}"
                        + (f" ({message.group(1)})" if message else ""))

    def seeds_page(self):
        self.open("/seeds", "#seeds")
        self.page_hygiene("seeds")
        summary = self.css("#seeds-summary").text
        match = re.match(r"(\d+) configurations", summary)
        rows = self.all("#seeds tbody tr")
        if self.expect(match, f"seeds: summary reads {summary[:60]!r}"):
            # Pages of 100 configurations, problems first.
            expected = min(int(match.group(1)), 100)
            self.expect(expected == len(rows), f"seeds: summary says {match.group(1)}, first page has {len(rows)}")
            problems = re.search(r"(\d+) miss repeats", summary)
            flagged = [row.get_attribute("class") == "seed-problem" for row in rows]
            self.expect(flagged == sorted(flagged, reverse=True), "seeds: problem configurations are not listed first")
            if problems and int(problems.group(1)) > 0:
                self.expect(flagged and flagged[0], "seeds: the first row is not a problem configuration")
        self.expect(rows, "seeds: #seeds is empty")
        links = self.all("#seeds a.run-ref")
        self.expect(links and all(HEX64.match(urlparse(self.href(a)).path.rsplit("/", 1)[-1])
                                  for a in links[:50]), "seeds: seed links are not run links")
        self.screenshot("seeds.png")

    def api(self):
        self.open("/api", "#api")
        self.page_hygiene("api")
        self.expect(len(self.all("#api tbody tr")) >= 5, "api: #api lists fewer than 5 endpoints")
        self.screenshot("api.png")
        answer = self.fetch("/api/runs?limit=3")
        self.expect(answer["status"] == 200, f"api: /api/runs?limit=3 answers HTTP {answer['status']}")
        self.expect(answer["headers"].get("content-type", "").startswith("application/json"),
                    f"api: content type {answer['headers'].get('content-type')}")
        try:
            runs = json.loads(answer["text"])
        except ValueError:
            self.fail("api: /api/runs?limit=3 is not JSON")
            return
        self.expect(isinstance(runs, list) and len(runs) == 3, f"api: {len(runs)} runs for limit=3")
        keys = {"id", "kind", "status", "seed", "params", "metrics", "inputs", "outputs", "created_at",
                "engine_version"}
        for run in runs:
            missing = keys - set(run)
            self.expect(not missing, f"api: run {str(run.get('id'))[:12]} lacks {sorted(missing)}")
        self.expect(answer["headers"].get("x-total-count") == str(self.total),
                    f"api: X-Total-Count {answer['headers'].get('x-total-count')}, /runs says {self.total}")
        one = self.fetch(f"/api/runs/{runs[0]['id']}")
        self.expect(one["status"] == 200 and json.loads(one["text"]).get("id") == runs[0]["id"],
                    "api: /api/runs/ID does not return that run")
        missing = self.fetch("/api/runs/0123456789abcdef")
        self.expect(missing["status"] == 404 and "error" in json.loads(missing["text"]),
                    f"api: unknown run answers HTTP {missing['status']} {missing['text'][:60]!r}")

    def not_found(self):
        for path, shot in (("/runs/0123456789abcdef", None), ("/nope", "notfound.png")):
            self.open(path, "#error-message")
            self.page_hygiene(path)
            self.expect(self.css("h1").text == "Not found", f"{path}: heading {self.css('h1').text!r}")
            self.expect(self.css("#error-message").text.strip(), f"{path}: empty #error-message")
            status, _ = http_get(self.url(path))
            self.expect(status == 404, f"{path}: HTTP {status}, expected 404")
            if shot:
                self.screenshot(shot)
        status, _ = http_get(self.url("/runs/" + self.run_id[:12]))
        self.expect(status == 200, f"run page by 12-character prefix: HTTP {status}")

    def live(self):
        """The run list follows another process's writes: with the page open, `--live-command`
        records a run; the page must reload itself (it polls /api/status) and count one more."""
        if not self.live_command:
            self.notes.append("live: skipped (no --live-command)")
            return
        self.open("/runs", "#runs-table")
        _, _, before = self.run_count()
        marker = self.css("#run-count")
        completed = subprocess.run(self.live_command, shell=True, capture_output=True, text=True)
        if not self.expect(completed.returncode == 0, f"live: the command failed: {completed.stderr[-300:]}"):
            return
        try:
            # The old element goes stale when the page reloads by itself.
            self.wait(EC.staleness_of(marker), message="the run list reloading after a write")
        except TimeoutException:
            self.fail("live: /runs did not reload within 20 s after another process recorded a run")
            return
        self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, "#run-count")), message="#run-count")
        _, _, after = self.run_count()
        self.expect(after == before + 1, f"live: the page counts {after} runs after the write, expected {before + 1}")

    def run(self):
        started = time.monotonic()
        self.total = 0
        self.run_id = "0" * 64
        for name, body in (("runs", self.runs_page), ("columns", self.columns), ("paging", self.paging), ("filter", self.filtering),
                           ("sort", self.sorting), ("bad filter", self.bad_filter), ("run", self.run_page),
                           ("compare", self.compare_page), ("reports", self.reports_page),
                           ("profile links", self.profile_links),
                           ("seeds", self.seeds_page), ("api", self.api), ("not found", self.not_found),
                           ("live", self.live)):
            self.section(name, body)
        for note in self.notes:
            print(f"note: {note}")
        elapsed = time.monotonic() - started
        print(f"{'FAILED' if self.failures else 'passed'}: {len(self.failures)} failures in {elapsed:.1f} s")
        return not self.failures

    def close(self):
        try:
            self.driver.quit()
        except WebDriverException:
            pass


def http_get(url):
    """Status and body of a GET outside the browser (the browser hides status codes)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8181")
    parser.add_argument("--screenshots", required=True, help="directory for the PNG screenshots")
    parser.add_argument("--profile", help="the reproduction profile whose reports page to check "
                        "(default: the first of quick, smoke, paper-size, full that is complete)")
    parser.add_argument("--live-command", help="a shell command that records one run in the served database "
                        "(checks that /runs follows it); without it the live check is skipped")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    arguments = parser.parse_args()
    os.makedirs(arguments.screenshots, exist_ok=True)
    try:
        checker = Checker(arguments.url, arguments.screenshots, arguments.chromium, arguments.chromedriver,
                          arguments.profile, arguments.live_command)
    except WebDriverException as error:
        print(f"FAIL: cannot start Chromium: {str(error).splitlines()[0]}")
        return 1
    try:
        return 0 if checker.run() else 1
    finally:
        checker.close()


if __name__ == "__main__":
    sys.exit(main())
