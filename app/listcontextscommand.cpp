#include "app/listcontextscommand.h"

#include "app/exitcodes.h"
#include "core/config/kubeconfig.h"
#include "core/kube/contexttransport.h"
#include "core/kube/credentialprovider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace {

// Why this context cannot be used, found without running anything; empty when it can.
QString problem(const ContextConfig &context)
{
    if (!context.isUsable())
        return context.error;
    const ContextTransport transport(context);
    if (!transport.error().isEmpty())
        return transport.error();
    const CredentialProvider provider(context, nullptr);
    return provider.staticProblem();
}

void printTable(QTextStream &out, const QList<ContextConfig> &contexts, const QStringList &problems)
{
    const QStringList headers{QStringLiteral("CURRENT"),    QStringLiteral("NAME"),
                              QStringLiteral("CLUSTER"),    QStringLiteral("SERVER"),
                              QStringLiteral("USER"),       QStringLiteral("NAMESPACE"),
                              QStringLiteral("CREDENTIALS")};
    QList<QStringList> rows{headers};
    for (qsizetype i = 0; i < contexts.size(); ++i) {
        const ContextConfig &c = contexts.at(i);
        rows.append(
            {c.current ? QStringLiteral("*") : QString(), c.name, c.clusterName,
             c.cluster.serverUrl.isValid() ? c.cluster.serverUrl.toString() : c.cluster.server,
             c.userName, c.namespaceName,
             problems.at(i).isEmpty() ? QStringLiteral("ok") : QStringLiteral("error")});
    }
    QList<qsizetype> widths(headers.size(), 0);
    for (const QStringList &row : std::as_const(rows)) {
        for (qsizetype col = 0; col < row.size(); ++col)
            widths[col] = std::max(widths[col], row.at(col).size());
    }
    for (const QStringList &row : std::as_const(rows)) {
        QString line;
        for (qsizetype col = 0; col < row.size(); ++col)
            line += row.at(col).leftJustified(widths.at(col) + 3);
        while (line.endsWith(u' '))
            line.chop(1);
        out << line << '\n';
    }
    // The reasons go below the table: they are sentences, too long for a column.
    for (qsizetype i = 0; i < contexts.size(); ++i) {
        if (!problems.at(i).isEmpty())
            out << '\n' << contexts.at(i).name << ": " << problems.at(i) << '\n';
    }
    out.flush();
}

} // namespace

int runListContexts(const KubeconfigSources &sources, const QStringList &onlyContexts, bool json)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const Kubeconfig kubeconfig = Kubeconfig::load(sources);
    if (!kubeconfig.isValid()) {
        err << "k8s-hosts: " << kubeconfig.error() << Qt::endl;
        return ExitRuntimeError;
    }
    QList<ContextConfig> contexts = kubeconfig.contexts();
    if (!onlyContexts.isEmpty()) {
        for (const QString &name : onlyContexts) {
            if (!kubeconfig.context(name)) {
                err << "k8s-hosts: context \"" << name << "\" does not exist in "
                    << kubeconfig.files().join(u':') << "; see 'k8s-hosts --no-gui --list-contexts'"
                    << Qt::endl;
                return ExitUsage;
            }
        }
        contexts.removeIf([&](const ContextConfig &c) { return !onlyContexts.contains(c.name); });
    }
    QStringList problems;
    for (const ContextConfig &context : std::as_const(contexts))
        problems.append(problem(context));
    if (!json) {
        if (contexts.isEmpty())
            err << "k8s-hosts: no contexts in " << kubeconfig.files().join(u':') << Qt::endl;
        printTable(out, contexts, problems);
        return ExitOk;
    }
    QJsonArray array;
    for (qsizetype i = 0; i < contexts.size(); ++i) {
        const ContextConfig &c = contexts.at(i);
        array.append(QJsonObject{
            {QStringLiteral("name"), c.name},
            {QStringLiteral("cluster"), c.clusterName},
            {QStringLiteral("server"),
             c.cluster.serverUrl.isValid() ? c.cluster.serverUrl.toString() : c.cluster.server},
            {QStringLiteral("user"), c.userName},
            {QStringLiteral("namespace"), c.namespaceName},
            {QStringLiteral("current"), c.current},
            {QStringLiteral("error"), problems.at(i).isEmpty() ? QJsonValue(QJsonValue::Null)
                                                               : QJsonValue(problems.at(i))}});
    }
    out << QJsonDocument(array).toJson(QJsonDocument::Indented);
    out.flush();
    return ExitOk;
}
