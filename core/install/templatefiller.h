#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

#include <optional>

// Fills the @NAME@ placeholders of a template (the syntax of CMake's configure_file @ONLY)
// with values escaped for the language of the file: a requirement string holds quotes and
// '>', which would break a plist or a C++ literal if pasted as it is. A placeholder without
// a value is an error, never an empty string, so a typo cannot ship a blank requirement.
class TemplateFiller
{
public:
    enum class Escaping
    {
        Xml,     // .plist, .entitlements
        CString, // .h: inside "..."
    };
    // By the output file's name; nothing for a kind of file we do not generate.
    static std::optional<Escaping> escapingFor(const QString &fileName);

    static std::optional<QByteArray> fill(const QByteArray &text,
                                          const QMap<QString, QString> &values, Escaping escaping,
                                          QString *error);

    static QString escaped(const QString &value, Escaping escaping);
};
