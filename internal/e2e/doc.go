// Package e2e holds the end-to-end tests of rectify: the whole application
// (server.New over a real store) served on 127.0.0.1 and driven in a real
// headless Chromium, as its users drive it — signing in, importing a
// notice, reporting progress with evidence, signing a problem off,
// publishing the notice and sending an opinion from the public page.
//
// The tests look for the browser as chromium, chromium-browser,
// google-chrome or the path in RECTIFY_CHROMIUM. Without one they are
// skipped, unless RECTIFY_REQUIRE_CHROMIUM=1 (as in CI), when they fail.
// Screenshots of the main pages are written to RECTIFY_ARTIFACTS, by
// default .artifacts/e2e at the root of the repository.
package e2e
