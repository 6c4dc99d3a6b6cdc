#!/bin/sh
# Regenerates pbi-export/languages/pbi-export.pot from the plugin's PHP and JavaScript with GNU
# gettext (Debian's gettext package), plus the block's strings from block.json.
set -eu
cd "$(dirname "$0")/pbi-export"
xgettext -k --from-code=UTF-8 --add-comments=translators: \
  --keyword=__:1 --keyword=_e:1 --keyword=esc_html__:1 --keyword=esc_html_e:1 --keyword=esc_attr__:1 --keyword=_n:1,2 \
  --package-name=pbi-export --package-version=0.1.0 --msgid-bugs-address=https://github.com/pbi-export/pbi-export/issues \
  --sort-by-file -o languages/pbi-export.pot pbi-export.php includes/*.php blocks/report/editor.js
python3 - <<'PY'
import json, re
pot = 'languages/pbi-export.pot'
block = json.load(open('blocks/report/block.json'))
entries = [('block title', block['title']), ('block description', block['description'])]
entries += [('block keyword', k) for k in block['keywords']]
text = open(pot).read()
text = re.sub(r'\A# SOME DESCRIPTIVE TITLE\.\n(#.*\n)*?#\n', '# Translations of the pbi-export WordPress plugin.\n# This file is distributed under the same license as the pbi-export package (GPL-2.0-or-later).\n', text)
text = text.replace('"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n', '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n"X-Domain: pbi-export\\n"\n')
for context, msgid in entries:
    text += '\n#: blocks/report/block.json\nmsgctxt "%s"\nmsgid "%s"\nmsgstr ""\n' % (context, msgid.replace('"', '\\"'))
header = re.search(r'Description:\s+(.*)', open('pbi-export.php').read()).group(1).strip()
text += '\n#. Description of the plugin\n#: pbi-export.php\nmsgid "%s"\nmsgstr ""\n' % header
open(pot, 'w').write(text)
PY
