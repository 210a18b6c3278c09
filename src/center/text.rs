//! The center's messages in Spanish and English (the command line and the status bar).
use crate::text::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    NotConfigured,
    BadUrl,
    PasswordInUrl,
    PasswordFile,
    PasswordFileOpen,
    DbError,
    SchemaNewer,
    SchemaOlder,
    Migrated,
    UpToDate,
    Shipped,
    Damaged,
    Partial,
    StatusDb,
    StatusUnreachable,
    StatusSchema,
    StatusPendingNone,
    StatusPending,
    StatusPartial,
    StatusDamaged,
    BarOffline,
    BarBehind,
    Fetched,
    BadDate,
}

impl Msg {
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Msg::NotConfigured => (
                "no hay central configurada: ponga [center] url = \"postgres://usuario@servidor/base\" en la configuración o APUNTE_CENTER_URL",
                "no center configured: set [center] url = \"postgres://user@host/database\" in the config or APUNTE_CENTER_URL",
            ),
            Msg::BadUrl => (
                "[center] url {}: no es una dirección PostgreSQL válida ({})",
                "[center] url {}: not a valid PostgreSQL address ({})",
            ),
            Msg::PasswordInUrl => (
                "[center] url {}: lleva una contraseña; quítela de la dirección y póngala en APUNTE_CENTER_PASSWORD (o PGPASSWORD) o en un fichero [center] password_file con permisos 600",
                "[center] url {}: it holds a password; take it out of the address and put it in APUNTE_CENTER_PASSWORD (or PGPASSWORD) or in a [center] password_file with mode 600",
            ),
            Msg::PasswordFile => (
                "[center] password_file {}: no se puede leer ({})",
                "[center] password_file {}: cannot be read ({})",
            ),
            Msg::PasswordFileOpen => (
                "[center] password_file {}: otros usuarios pueden leerlo (permisos {}); ejecute chmod 600 sobre él",
                "[center] password_file {}: other users can read it (mode {}); run chmod 600 on it",
            ),
            Msg::DbError => ("central {}: {}", "center {}: {}"),
            Msg::SchemaNewer => (
                "central {}: el esquema está en la versión {}, más nueva que la {} que conoce esta versión de apunte; actualice apunte",
                "center {}: the schema is at version {}, newer than version {} this apunte knows; upgrade apunte",
            ),
            Msg::SchemaOlder => (
                "central {}: el esquema está en la versión {} y hace falta la {}; ejecute apunte center migrate",
                "center {}: the schema is at version {} and version {} is needed; run apunte center migrate",
            ),
            Msg::Migrated => (
                "central {}: esquema de la versión {} a la {} ({} particiones mensuales nuevas)",
                "center {}: schema from version {} to {} ({} new month partitions)",
            ),
            Msg::UpToDate => (
                "central {}: esquema al día (versión {}; {} particiones mensuales nuevas)",
                "center {}: schema up to date (version {}; {} new month partitions)",
            ),
            Msg::Shipped => (
                "central {}: {} registros enviados ({} nuevos)",
                "center {}: {} records shipped ({} new)",
            ),
            Msg::Damaged => (
                "{}:{}: línea dañada, no enviada: {}",
                "{}:{}: damaged line, not shipped: {}",
            ),
            Msg::Partial => (
                "{}: la última línea está a medio escribir; se enviará cuando esté completa",
                "{}: the last line is half-written; it ships once it is complete",
            ),
            Msg::StatusDb => ("central: {} (PostgreSQL {})", "center: {} (PostgreSQL {})"),
            Msg::StatusUnreachable => {
                ("central: {} inalcanzable: {}", "center: {} unreachable: {}")
            }
            Msg::StatusSchema => (
                "esquema: versión {} (esta versión de apunte conoce la {})",
                "schema: version {} (this apunte knows version {})",
            ),
            Msg::StatusPendingNone => (
                "pendiente: nada, todo enviado",
                "pending: nothing, all shipped",
            ),
            Msg::StatusPending => (
                "pendiente: {} registros en {} diarios",
                "pending: {} records in {} journals",
            ),
            Msg::StatusPartial => ("a medio escribir", "half-written line waiting"),
            Msg::StatusDamaged => (
                "{}: líneas dañadas no enviadas: {}",
                "{}: damaged lines not shipped: {}",
            ),
            Msg::BarOffline => ("central sin conexión", "center offline"),
            Msg::BarBehind => ("central: {} pendientes", "center: {} behind"),
            Msg::Fetched => (
                "central {}: {} registros de {} diarios leídos",
                "center {}: {} records of {} journals read",
            ),
            Msg::BadDate => (
                "{}: no es una fecha AAAA-MM-DD",
                "{}: not a YYYY-MM-DD date",
            ),
        }
    }

    /// The text in a language.
    pub fn text(self, lang: Lang) -> &'static str {
        let (es, en) = self.pair();
        match lang {
            Lang::Es => es,
            Lang::En => en,
        }
    }

    /// The text with each `{}` replaced by the next value, in order.
    pub fn fill(self, lang: Lang, values: &[&dyn std::fmt::Display]) -> String {
        crate::i18n::fill(self.text(lang), values)
    }
}
