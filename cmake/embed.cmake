# Write the shipped calendar files into a C source as byte arrays, so the
# default policy holds exactly what policy/calendars/ holds.
#   cmake -DOUT=file.c -DFILES="a.yaml|b.yaml" -P embed.cmake
string(REPLACE "|" ";" FILES "${FILES}")
set(body "/* Generated from policy/calendars/ by cmake/embed.cmake; do not edit. */\n#include \"policy_internal.h\"\n\n")
set(table "const ts_embedded_doc ts_embedded_calendars[] = {\n")
set(n 0)
foreach(f ${FILES})
  file(READ "${f}" hex HEX)
  file(SIZE "${f}" size)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  get_filename_component(name "${f}" NAME)
  string(APPEND body "static const char doc${n}[] = {${bytes} 0};\n")
  string(APPEND table "\t{ \"${name}\", doc${n}, ${size} },\n")
  math(EXPR n "${n} + 1")
endforeach()
string(APPEND table "};\nconst size_t ts_embedded_calendar_count = ${n};\n")
file(WRITE "${OUT}.tmp" "${body}\n${table}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
