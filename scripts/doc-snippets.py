#!/usr/bin/env python3
"""Refreshes the Java code blocks of docs/testing.md from the example tests they quote.

Each `<!-- snippet: NAME -->` in the document is followed by a ```java block holding the lines between
`// docs:begin NAME` and `// docs:end NAME` in emulator-junit/src/test/java/io/ably4j/emulator/junit/example.
DocSnippetsTest fails when they differ; run this after changing an example.
"""
import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = os.path.join(ROOT, 'emulator-junit/src/test/java/io/ably4j/emulator/junit/example')
DOC = os.path.join(ROOT, 'docs/testing.md')

regions = {}
for path in sorted(glob.glob(os.path.join(SOURCES, '*.java'))):
    lines = open(path, encoding='utf-8').read().split('\n')
    i = 0
    while i < len(lines):
        m = re.match(r'^// docs:begin (\S+)$', lines[i])
        if m:
            name, j, body = m.group(1), i + 1, []
            while lines[j] != '// docs:end ' + name:
                body.append(lines[j])
                j += 1
            regions[name] = '\n'.join(body) + '\n'
            i = j
        i += 1


def block(m):
    return '<!-- snippet: %s -->\n```java\n%s```' % (m.group(1), regions[m.group(1)])


doc = open(DOC, encoding='utf-8').read()
doc = re.sub(r'<!-- snippet: (\S+) -->\n```java\n.*?```', block, doc, flags=re.S)
open(DOC, 'w', encoding='utf-8').write(doc)
