// k8s-hosts-macos-files: writes the macOS bundle's generated files (the app's and the
// helper's Info.plist, the helper's launchd plists, the signing identity header) from
// installers/macos/templates, with the code-signing requirements built from the signing
// identity. CMake runs it at build time; tests/macos runs it against golden copies.
#include "core/install/codesigningrequirement.h"
#include "core/install/templatefiller.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <cstdio>

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "k8s-hosts-macos-files: %s\n", qPrintable(message));
    return 1;
}

QByteArray readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    return file.readAll();
}

// Unchanged files keep their time stamp, so a rebuild does not relink or re-sign anything.
bool writeIfChanged(const QString &path, const QByteArray &content, QString *error)
{
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly) && existing.readAll() == content)
        return true;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() ||
        !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Generates the macOS bundle's plists and signing identity header."));
    parser.addHelpOption();
    const QCommandLineOption templates(QStringLiteral("templates"),
                                       QStringLiteral("Folder of the .in templates."),
                                       QStringLiteral("dir"));
    const QCommandLineOption output(QStringLiteral("output"),
                                    QStringLiteral("Folder to write the files to."),
                                    QStringLiteral("dir"));
    const QCommandLineOption appId(
        QStringLiteral("app-id"), QStringLiteral("The app's bundle identifier."),
        QStringLiteral("id"), QStringLiteral("io.github.k8shosts.K8sHosts"));
    const QCommandLineOption helperLabel(
        QStringLiteral("helper-label"),
        QStringLiteral("The helper's launchd label, Mach service and signing identifier."),
        QStringLiteral("label"), QStringLiteral("io.github.k8shosts.Helper"));
    const QCommandLineOption teamId(
        QStringLiteral("team-id"),
        QStringLiteral("The Apple team ID that signs both; empty for an ad-hoc (local) build."),
        QStringLiteral("id"));
    const QCommandLineOption version(QStringLiteral("version"),
                                     QStringLiteral("The app's and the helper's version."),
                                     QStringLiteral("x.y.z"), QStringLiteral(K8S_HOSTS_VERSION));
    const QCommandLineOption minimumSystem(QStringLiteral("minimum-system-version"),
                                           QStringLiteral("LSMinimumSystemVersion."),
                                           QStringLiteral("x.y"), QStringLiteral("13.0"));
    parser.addOptions({templates, output, appId, helperLabel, teamId, version, minimumSystem});
    parser.process(app);
    if (!parser.isSet(templates) || !parser.isSet(output))
        return fail(QStringLiteral("--templates and --output are required"));
    if (!CodeSigningRequirement::isValidVersion(parser.value(minimumSystem)))
        return fail(QStringLiteral("--minimum-system-version takes a version like 12.0"));

    QString error;
    // The helper accepts only our app, at this version or later; the app accepts only our
    // helper (its version is checked over XPC, see HelperStatus).
    const std::optional<QString> appRequirement = CodeSigningRequirement::build(
        {parser.value(appId), parser.value(teamId), parser.value(version)}, &error);
    if (!appRequirement)
        return fail(error);
    const std::optional<QString> helperRequirement = CodeSigningRequirement::build(
        {parser.value(helperLabel), parser.value(teamId), {}}, &error);
    if (!helperRequirement)
        return fail(error);

    const QString label = parser.value(helperLabel);
    const QMap<QString, QString> values{
        {QStringLiteral("APP_ID"), parser.value(appId)},
        {QStringLiteral("APP_EXECUTABLE"), QStringLiteral("k8s-hosts")},
        {QStringLiteral("APP_REQUIREMENT"), *appRequirement},
        {QStringLiteral("HELPER_LABEL"), label},
        {QStringLiteral("HELPER_REQUIREMENT"), *helperRequirement},
        // One place serves both installers: SMJobBless requires this folder.
        {QStringLiteral("HELPER_BUNDLE_PROGRAM"),
         QStringLiteral("Contents/Library/LaunchServices/") + label},
        {QStringLiteral("VERSION"), parser.value(version)},
        {QStringLiteral("MINIMUM_SYSTEM_VERSION"), parser.value(minimumSystem)},
        {QStringLiteral("AD_HOC"),
         parser.value(teamId).isEmpty() ? QStringLiteral("true") : QStringLiteral("false")},
    };
    const QList<std::pair<QString, QString>> files{
        {QStringLiteral("Info.plist.in"), QStringLiteral("Info.plist")},
        {QStringLiteral("Helper-Info.plist.in"), QStringLiteral("Helper-Info.plist")},
        {QStringLiteral("Helper-Launchd.plist.in"), QStringLiteral("Helper-Launchd.plist")},
        {QStringLiteral("LaunchDaemon.plist.in"), label + QStringLiteral(".plist")},
        {QStringLiteral("signingidentity.h.in"), QStringLiteral("signingidentity.h")},
    };
    const QDir in(parser.value(templates));
    const QDir out(parser.value(output));
    if (!out.mkpath(QStringLiteral(".")))
        return fail(QStringLiteral("cannot create %1").arg(out.path()));
    for (const auto &[source, target] : files) {
        const QByteArray text = readFile(in.filePath(source), &error);
        if (!error.isEmpty())
            return fail(error);
        const std::optional<QByteArray> filled =
            TemplateFiller::fill(text, values, *TemplateFiller::escapingFor(target), &error);
        if (!filled)
            return fail(QStringLiteral("%1: %2").arg(source, error));
        if (!writeIfChanged(out.filePath(target), *filled, &error))
            return fail(error);
    }
    return 0;
}
