#!/usr/bin/env node
// The bin is this small committed file, so installing the workspace links it before the
// first build; the program is the compiled dist/reverify-server.js.
import '../dist/reverify-server.js';
