#pragma once

#include "core/hosts/hostentry.h"

#include <QByteArray>

// The text of our block, compatible with the Go k8s-hosts-controller:
//   #### BEGIN K8S-HOSTS ####
//   172.18.0.200 chart-dash.local  # tyk/dashboard-ingress
//   #### END K8S-HOSTS ####
namespace HostsBlock {

QString defaultMarker(); // K8S-HOSTS

// [A-Z0-9-]{1,64}: nothing that could end a line or read as another tool's marker.
bool isValidMarker(QStringView marker);

QByteArray beginLine(QStringView marker); // without line ending
QByteArray endLine(QStringView marker);

// True when line (without its '\n') is the marker line, allowing surrounding spaces or
// tabs and a '\r', as hand edits and Windows editors leave them.
bool isMarkerLine(QByteArrayView line, QByteArrayView markerLine);

QByteArray renderEntry(const HostEntry &entry); // "IP HOST  # comment\n"
qsizetype renderedSize(const HostEntry &entry); // renderEntry(entry).size(), without rendering
// BEGIN, one line per entry in the order given, END; each line ends with '\n'.
QByteArray render(QStringView marker, const HostEntries &entries);
// The entries of a block's inner lines; lines that are not "IP HOST [# comment]" are skipped.
HostEntries parseEntries(QByteArrayView innerLines);

} // namespace HostsBlock
