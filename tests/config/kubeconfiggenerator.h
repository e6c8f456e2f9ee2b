#pragma once

#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

// Writes one random but reproducible set of kubeconfig files (several files, names that
// clash across files, relative and absolute paths, missing files, namespaces, no
// current-context, YAML and JSON, now and then a value of the wrong type) under a folder,
// and the environment kubectl and we are run with.
class KubeconfigGenerator
{
public:
    struct Set
    {
        QString description;
        QString explicitPath; // for --kubeconfig; empty when unused
        QString kubeconfigEnv;
        bool kubeconfigEnvSet = false;
        QString home;
        QString workDir;
        QStringList contextNames; // every context name written, for per-context checks
    };

    KubeconfigGenerator(quint32 seed, const QString &root);
    Set generate();

private:
    QString scalar(const QString &value);
    QString pick(const QStringList &values)
    {
        return values.at(int(m_random.bounded(values.size())));
    }
    bool chance(int percent) { return int(m_random.bounded(100)) < percent; }
    QString referencedFile(const QString &fileDir, const QString &kind);
    QString clusterYaml(const QString &fileDir);
    QString userYaml(const QString &fileDir);
    QString fileYaml(const QString &fileDir, int index);
    void write(const QString &path, const QByteArray &content);

    QRandomGenerator m_random;
    QString m_root;
    QStringList m_contextNames;
    bool m_trap = false;
};
