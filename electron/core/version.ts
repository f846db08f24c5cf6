/** The program's version (package.json's; tests/unit/about.test.ts keeps them equal). A module of its
 * own so that modules the handlers import (the package export writes it into manifest.json) can use
 * it without importing the handlers. */
export const APP_VERSION = '0.1.0';
