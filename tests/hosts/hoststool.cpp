// A small driver for the fault tests: runs one engine operation on a file inside the
// mount namespaces the tests build (bind mounts, full or read-only file systems).
//   hoststool apply FILE MARKER IP=HOST...    hoststool clear FILE MARKER
#include "core/hosts/entryvalidator.h"
#include "core/hosts/hostsfile.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    QTextStream out(stdout);
    if (args.size() < 4 || (args[1] != u"apply" && args[1] != u"clear")) {
        out << "usage: hoststool apply|clear FILE MARKER [IP=HOST...]\n";
        return 2;
    }
    HostsFile file(args[2]);
    HostsFile::Result result;
    if (args[1] == u"clear") {
        result = file.clear(args[3]);
    } else {
        HostEntries entries;
        for (const QString &pair : args.mid(4))
            entries.append({pair.section(u'=', 0, 0), pair.section(u'=', 1), {}});
        result = file.apply(args[3], entries, EntryValidator(NamePolicy(), ReservedNames()));
    }
    out << (result.ok ? (result.changed ? "changed" : "unchanged") : "error") << '\n';
    if (!result.ok)
        out << result.error << '\n';
    return result.ok ? 0 : 1;
}
