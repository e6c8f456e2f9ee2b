#pragma once

#include <QHash>
#include <QObject>
#include <QString>

class QSocketNotifier;

// Sees every write of one hosts file as it happens (inotify on its folder: a rename onto the
// file, or an in-place write once closed), counts them, stamps them on BenchWait's clock, and
// reads our block back as host → address. Independent of the product's own parser, so a
// benchmark checks the file the way a person would.
class HostsFileWatcher : public QObject
{
    Q_OBJECT
public:
    HostsFileWatcher(QString path, QString marker, QObject *parent = nullptr);
    ~HostsFileWatcher() override;

    bool start(QString *error);

    int writes() const { return m_writes; }
    double lastWriteMs() const { return m_lastWriteMs; } // BenchWait::nowMs() of the last write

    // Our block now: host → address (empty when the file or the block is missing).
    QHash<QString, QString> block() const;

Q_SIGNALS:
    void written(double atMs);

private:
    void onReadable();

    QString m_path;
    QString m_marker;
    QByteArray m_fileName;
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    int m_writes = 0;
    bool m_modifiedInPlace = false;
    double m_lastWriteMs = 0;
};
