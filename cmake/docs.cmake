# Man pages and shell completion (docs/install.md). The pages are
# committed roff sources under docs/man, so installing them needs no tool; `git gate --help`
# and `git help gate` find git-gate(1) through man's search path.
include(GNUInstallDirs)

file(GLOB GATE_MAN_PAGES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/*.1)
install(FILES ${GATE_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# bash-completion loads completions/<command> on the first <TAB> after the command; git's
# completion loads the same file for `git gate` and calls its _git_gate.
install(FILES ${PROJECT_SOURCE_DIR}/cli/completion/git-gate.bash
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/bash-completion/completions
        RENAME git-gate)
