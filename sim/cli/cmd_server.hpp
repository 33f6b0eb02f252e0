// `simdesk server init URI` (cmd_server.cpp): kept out of cli.hpp, which every command includes.
#pragma once

#include "cli.hpp"

namespace simdesk::cli {

/// Creates simdesk's schema and group roles on a team's server; run once by the database owner.
int serverInit(const std::string& uri, Io io);

/// `simdesk people add` on a server: the person and their login role (password prompted with
/// echo off, or stdin's first line with --password-stdin; never an argument), all or nothing.
/// `simdesk people login NAME`: a login role for someone added before schema 3 (or without one).
int peopleLoginOnServer(store::TrainingStore& store, const store::Person& person, const PeopleOptions& options, Io io);
int peopleAddOnServer(store::TrainingStore& store, const PeopleOptions& options, store::Role role, const std::string& start, Io io);

} // namespace simdesk::cli
