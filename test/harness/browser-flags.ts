/**
 * How every launcher of ours starts Debian's browsers (test harness, e2e tests, benchmarks):
 * one place, so that a flag fixed for one is fixed for all.
 */

/**
 * Flags that keep Chromium headless and quiet. We run as root, hence `--no-sandbox`; without
 * the networking flags Chromium keeps calling home, which floods a closed network.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Firefox preferences that stop background traffic (updates, telemetry, captive portal). */
export const FIREFOX_PREFS: Readonly<Record<string, unknown>> = {
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'toolkit.telemetry.enabled': false,
};
