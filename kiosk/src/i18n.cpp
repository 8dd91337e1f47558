#include "kiosk/i18n.hpp"

#include <algorithm>
#include <array>

namespace kiosk {
namespace {

struct Entry {
    std::string_view key, az, ru, en;
};

// Sorted by key (checked by a test); labels follow the e-gov service's manual.
constexpr std::array k_table = std::to_array<Entry>({
    {"cli.applied", "tətbiq edilib", "применено", "applied"},
    {"cli.deleted", "silinib", "удалено", "deleted"},
    {"cli.no_results", "Heç bir bildiriş tapılmadı", "Уведомления не найдены", "No notifications found"},
    {"cli.quarantined", "karantinə göndərilib", "в карантине", "quarantined"},
    {"cli.rows", "bildiriş", "уведомлений", "notifications"},
    {"cli.unchanged", "dəyişməyib", "без изменений", "unchanged"},
    {"column.date", "Bildirişin tarixi", "Дата уведомления", "Notification date"},
    {"column.employer_name", "İşəgötürənin adı", "Наименование работодателя", "Employer name"},
    {"column.employer_sun", "İşəgötürənin SUN-u", "СУН работодателя", "Employer SUN"},
    {"column.kind", "Bildirişin növü", "Вид уведомления", "Notification type"},
    {"column.number", "Bildirişin nömrəsi", "Номер уведомления", "Notification number"},
    {"column.order_date", "Əmrin tarixi", "Дата приказа", "Order date"},
    {"column.order_number", "Əmrin nömrəsi", "Номер приказа", "Order number"},
    {"column.position", "Vəzifə", "Должность", "Position"},
    {"column.reason", "Xitam verilməsinin səbəbi", "Основание прекращения", "Termination reason"},
    {"column.status", "Bildirişin statusu", "Статус уведомления", "Notification status"},
    {"column.validity", "Etibarlılıq statusu", "Статус действительности", "Validity"},
    {"column.workplace", "İş yeri", "Место работы", "Workplace"},
    {"diag.field.feed_cursor", "Son tətbiq edilmiş dəyişiklik (seq)", "Последнее применённое изменение (seq)",
     "Last change applied (seq)"},
    {"diag.field.integrity", "Bütövlük yoxlaması", "Проверка целостности", "Integrity check"},
    {"diag.field.jobs", "Çap işləri (vəziyyətə görə)", "Задания печати (по состоянию)",
     "Print jobs (by state)"},
    {"diag.field.kiosk_id", "Kioskun identifikatoru", "Идентификатор киоска", "Kiosk id"},
    {"diag.field.message", "Printerin məlumatı", "Сообщение принтера", "Printer message"},
    {"diag.field.notifications", "Bildirişlərin sayı", "Количество уведомлений", "Notifications"},
    {"diag.field.printer", "Printer", "Принтер", "Printer"},
    {"diag.field.quarantine", "Karantindəki qeydlər", "Записей в карантине", "Records in quarantine"},
    {"diag.field.reasons", "Səbəblər", "Причины", "Reasons"},
    {"diag.field.schema", "Sxemin versiyası", "Версия схемы", "Schema version"},
    {"diag.field.state", "Vəziyyət", "Состояние", "State"},
    {"diag.field.version", "Proqramın versiyası", "Версия программы", "Software version"},
    {"diag.section.counters", "Sayğaclar", "Счётчики", "Counters"},
    {"diag.section.kiosk", "Kiosk", "Киоск", "Kiosk"},
    {"diag.section.printer", "Printer", "Принтер", "Printer"},
    {"diag.section.queue", "Çap növbəsi", "Очередь печати", "Print queue"},
    {"diag.section.store", "Məlumat bazası", "База данных", "Database"},
    {"diag.title", "Diaqnostika hesabatı", "Диагностический отчёт", "Diagnostics report"},
    {"error.bad_argument", "Yanlış parametr", "Неверный параметр", "Invalid argument"},
    {"error.bad_format", "Sahənin formatı yanlışdır", "Неверный формат поля", "A field has the wrong format"},
    {"error.bad_json", "Qeyd JSON formatında deyil", "Запись не является корректным JSON", "The record is not valid JSON"},
    {"error.bad_type", "Sahənin tipi yanlışdır", "Неверный тип поля", "A field has the wrong type"},
    {"error.document_failed", "Sənəd yaradıla bilmədi", "Не удалось создать документ",
     "The document could not be created"},
    {"error.filter_not_on_tab", "Bu filtr seçilmiş bölmədə yoxdur", "Этот фильтр недоступен на выбранной вкладке",
     "This filter is not available on the chosen tab"},
    {"error.id_mismatch", "Qeydin identifikatoru məlumatlara uyğun gəlmir", "Идентификатор записи не совпадает с данными", "The record's id does not match its data"},
    {"error.import_file_unreadable", "Fayl oxuna bilmir", "Файл не читается", "The file cannot be read"},
    {"error.invalid_date", "Tarix YYYY-AA-GG formatında olmalıdır", "Дата должна быть в формате ГГГГ-ММ-ДД",
     "A date must be YYYY-MM-DD"},
    {"error.invalid_fin", "FİN 7 simvoldan ibarət olmalıdır (rəqəmlər və I, O-dan başqa latın hərfləri)",
     "ФИН должен состоять из 7 символов (цифры и латинские буквы, кроме I и O)",
     "A FIN is 7 characters: digits and Latin capitals except I and O"},
    {"error.invalid_period", "Dövrün başlanğıcı sonundan sonra ola bilməz",
     "Начало периода не может быть позже его конца", "The period's start is after its end"},
    {"error.invalid_sun", "SUN 10 rəqəmdən ibarət olmalıdır", "СУН должен состоять из 10 цифр",
     "A SUN is 10 digits"},
    {"error.invalid_utf8", "Mətn düzgün UTF-8 deyil", "Текст не в корректной кодировке UTF-8", "The text is not valid UTF-8"},
    {"error.migration_failed", "Məlumat bazası yenilənə bilmədi", "Не удалось обновить базу данных",
     "The database could not be upgraded"},
    {"error.missing_field", "Məcburi sahə yoxdur", "Отсутствует обязательное поле", "A required field is missing"},
    {"error.notification_not_found", "Bildiriş tapılmadı", "Уведомление не найдено", "Notification not found"},
    {"error.oversized", "Sahə icazə veriləndən uzundur", "Поле длиннее допустимого", "A field is longer than allowed"},
    {"error.print_job_busy", "Çap işi hazırda printerə göndərilir; bir az sonra yenidən cəhd edin",
     "Задание сейчас передаётся на принтер; повторите чуть позже",
     "The job is being sent to the printer; try again in a moment"},
    {"error.print_job_ended", "Çap işi artıq başa çatıb", "Задание печати уже завершено",
     "The print job has already ended"},
    {"error.print_job_not_found", "Çap işi tapılmadı", "Задание печати не найдено", "Print job not found"},
    {"error.print_job_not_resumable", "Bu çap işini davam etdirmək olmaz", "Это задание нельзя возобновить",
     "This print job cannot be resumed"},
    {"error.print_timeout", "Çap vaxtında başa çatmadı", "Печать не завершилась вовремя",
     "Printing did not finish in time"},
    {"error.printer_busy", "Printer başqa işi çap edir", "Принтер занят другим заданием", "The printer is busy with another job"},
    {"error.printer_cancel_failed", "Çap işini ləğv etmək mümkün olmadı", "Не удалось отменить задание",
     "The print job could not be canceled"},
    {"error.printer_door_open", "Printerin qapağı açıqdır", "Открыта крышка принтера",
     "A printer cover is open"},
    {"error.printer_io_failed", "Printerə məlumat ötürülə bilmədi", "Не удалось передать данные на принтер",
     "The document could not be passed to the printer"},
    {"error.printer_job_aborted", "Printer çapı yarımçıq dayandırdı", "Принтер прервал печать",
     "The printer aborted the job"},
    {"error.printer_job_not_found", "Printer çap işini itirdi", "Принтер потерял задание",
     "The printer lost the job"},
    {"error.printer_job_rejected", "Printer çap işini qəbul etmədi", "Принтер отклонил задание",
     "The printer refused the job"},
    {"error.printer_media_empty", "Printerdə kağız qurtarıb", "В принтере закончилась бумага",
     "The printer is out of paper"},
    {"error.printer_media_jam", "Printerdə kağız ilişib", "В принтере замялась бумага",
     "Paper is jammed in the printer"},
    {"error.printer_not_ready", "Printer hazır deyil", "Принтер не готов", "The printer is not ready"},
    {"error.printer_offline", "Printer əlçatan deyil", "Принтер недоступен", "The printer is offline"},
    {"error.printer_request_failed", "Printer sorğunu rədd etdi", "Принтер отклонил запрос",
     "The printer refused the request"},
    {"error.printer_uri_invalid", "Printerin ünvanı yanlışdır", "Неверный адрес принтера",
     "Invalid printer address"},
    {"error.schema_too_new", "Məlumat bazası bu proqramdan yenidir", "База данных новее этой программы",
     "The database is newer than this program"},
    {"error.spool_failed", "Çap faylı yazıla bilmədi", "Не удалось записать файл печати",
     "The print file could not be written"},
    {"error.store_busy", "Məlumat bazası məşğuldur", "База данных занята", "The database is busy"},
    {"error.store_corrupt", "Məlumat bazası zədələnib", "База данных повреждена", "The database is damaged"},
    {"error.store_error", "Məlumat bazası xətası", "Ошибка базы данных", "Database error"},
    {"error.store_full", "Diskdə yer yoxdur", "Нет места на диске", "The disk is full"},
    {"error.store_open_failed", "Məlumat bazası açıla bilmir", "Не удаётся открыть базу данных",
     "The database cannot be opened"},
    {"error.unknown_enum", "Sahənin dəyəri siyahıda yoxdur", "Значение поля отсутствует в списке", "A field's value is not in its list"},
    {"error.unknown_table", "Naməlum cədvəl", "Неизвестная таблица", "Unknown table"},
    {"form.copy", "SURƏT", "КОПИЯ", "COPY"},
    {"form.field.basis", "Dəyişikliyin əsası", "Основание изменения", "Basis of the amendment"},
    {"form.field.birth_date", "Doğum tarixi", "Дата рождения", "Date of birth"},
    {"form.field.change_field", "Dəyişdirilən məlumat", "Изменяемое сведение", "Changed item"},
    {"form.field.change_new", "Yeni məlumat", "Новое значение", "New value"},
    {"form.field.change_old", "Əvvəlki məlumat", "Прежнее значение", "Previous value"},
    {"form.field.contract_date", "Müqavilənin bağlanma tarixi", "Дата заключения договора", "Contract date"},
    {"form.field.contract_number", "Müqavilənin nömrəsi", "Номер договора", "Contract number"},
    {"form.field.contract_status", "Müqavilənin statusu", "Статус договора", "Contract status"},
    {"form.field.contract_type", "Müqavilənin müddəti", "Срок договора", "Contract term"},
    {"form.field.date", "Bildirişin tarixi", "Дата уведомления", "Notification date"},
    {"form.field.effective_date", "Dəyişikliyin qüvvəyə minmə tarixi", "Дата вступления изменений в силу",
     "Effective date"},
    {"form.field.employer_address", "Hüquqi ünvanı", "Юридический адрес", "Legal address"},
    {"form.field.employer_name", "İşəgötürənin adı", "Наименование работодателя", "Employer name"},
    {"form.field.employer_sun", "İşəgötürənin SUN-u", "СУН работодателя", "Employer SUN"},
    {"form.field.employer_voen", "VÖEN", "ВОЕН (ИНН)", "Taxpayer id (VÖEN)"},
    {"form.field.end_date", "Müqavilənin bitmə tarixi", "Дата окончания договора", "Contract end date"},
    {"form.field.fin", "FİN", "ФИН", "FIN"},
    {"form.field.full_name", "Soyadı, adı, atasının adı", "Фамилия, имя, отчество",
     "Surname, name, patronymic"},
    {"form.field.kind", "Bildirişin növü", "Вид уведомления", "Notification type"},
    {"form.field.number", "Bildirişin nömrəsi", "Номер уведомления", "Notification number"},
    {"form.field.order_date", "Əmrin tarixi", "Дата приказа", "Order date"},
    {"form.field.order_number", "Əmrin nömrəsi", "Номер приказа", "Order number"},
    {"form.field.position", "Vəzifə", "Должность", "Position"},
    {"form.field.reason", "Xitam verilməsinin səbəbi", "Основание прекращения", "Termination reason"},
    {"form.field.registered_at", "Qeydiyyata alınma tarixi", "Дата регистрации", "Registered at"},
    {"form.field.registration_number", "Qeydiyyat nömrəsi", "Регистрационный номер", "Registration number"},
    {"form.field.salary", "Aylıq əmək haqqı (AZN)", "Месячная заработная плата (AZN)", "Monthly salary (AZN)"},
    {"form.field.signed_at", "İmzalanma tarixi", "Дата подписания", "Signed at"},
    {"form.field.signer", "İmzalayan şəxs", "Подписавшее лицо", "Signed by"},
    {"form.field.start_date", "İşə başlama tarixi", "Дата начала работы", "Start date"},
    {"form.field.status", "Bildirişin statusu", "Статус уведомления", "Notification status"},
    {"form.field.termination_date", "Xitam tarixi", "Дата прекращения", "Termination date"},
    {"form.field.validity", "Etibarlılıq statusu", "Статус действительности", "Validity"},
    {"form.field.validity_reason", "Etibarsızlığın səbəbi", "Причина недействительности",
     "Reason for invalidity"},
    {"form.field.work_address", "İş yerinin ünvanı", "Адрес места работы", "Work address"},
    {"form.field.working_time", "İş vaxtı", "Рабочее время", "Working time"},
    {"form.field.workplace", "İş yeri (struktur bölmə)", "Место работы (структурное подразделение)",
     "Workplace (structural unit)"},
    {"form.issuer", "Azərbaycan Respublikası Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi",
     "Министерство труда и социальной защиты населения Азербайджанской Республики",
     "Ministry of Labour and Social Protection of Population of the Republic of Azerbaijan"},
    {"form.kiosk", "Kiosk", "Киоск", "Kiosk"},
    {"form.not_registered", "Bildiriş informasiya sistemində hələ qeydiyyata alınmayıb.",
     "Уведомление ещё не зарегистрировано в информационной системе.",
     "The notification has not yet been registered in the information system."},
    {"form.page", "Səhifə", "Страница", "Page"},
    {"form.page_of", "/", "из", "of"},
    {"form.printed_at", "Çap tarixi", "Дата печати", "Printed"},
    {"form.registered", "Əmək müqaviləsi bildirişi informasiya sistemində qeydiyyata alınmışdır.",
     "Уведомление о трудовом договоре зарегистрировано в информационной системе.",
     "The employment contract notification has been registered in the information system."},
    {"form.section.amendment", "Dəyişikliklər", "Изменения", "Amendment"},
    {"form.section.contract", "Əmək müqaviləsi", "Трудовой договор", "Employment contract"},
    {"form.section.employee", "İşçi", "Работник", "Employee"},
    {"form.section.employer", "İşəgötürən", "Работодатель", "Employer"},
    {"form.section.notification", "Bildiriş", "Уведомление", "Notification"},
    {"form.section.registration", "Qeydiyyat", "Регистрация", "Registration"},
    {"form.section.signature", "Elektron imza", "Электронная подпись", "Electronic signature"},
    {"form.section.termination", "Xitam", "Прекращение", "Termination"},
    {"form.title.notification.amendment",
     "Əmək müqaviləsinə dəyişiklik edilməsi ilə bağlı əmək müqaviləsi bildirişi",
     "Уведомление о трудовом договоре: внесение изменений в трудовой договор",
     "Employment contract notification: amendment of the contract"},
    {"form.title.notification.conclusion",
     "Əmək müqaviləsinin bağlanması ilə bağlı əmək müqaviləsi bildirişi",
     "Уведомление о трудовом договоре: заключение трудового договора",
     "Employment contract notification: conclusion of the contract"},
    {"form.title.notification.termination",
     "Əmək müqaviləsinə xitam verilməsi ilə bağlı əmək müqaviləsi bildirişi",
     "Уведомление о трудовом договоре: прекращение трудового договора",
     "Employment contract notification: termination of the contract"},
    {"form.title.registration.amendment",
     "Əmək müqaviləsinə dəyişiklik edilməsi ilə bağlı əmək müqaviləsi bildirişinin informasiya sistemində qeydiyyata alınmasına dair məlumat",
     "Сведения о регистрации в информационной системе уведомления о внесении изменений в трудовой договор",
     "Registration in the information system of the notification of an amendment to an employment contract"},
    {"form.title.registration.conclusion",
     "Əmək müqaviləsinin bağlanması ilə bağlı əmək müqaviləsi bildirişinin informasiya sistemində qeydiyyata alınmasına dair məlumat",
     "Сведения о регистрации в информационной системе уведомления о заключении трудового договора",
     "Registration in the information system of the notification of the conclusion of an employment contract"},
    {"form.title.registration.termination",
     "Əmək müqaviləsinə xitam verilməsi ilə bağlı əmək müqaviləsi bildirişinin informasiya sistemində qeydiyyata alınmasına dair məlumat",
     "Сведения о регистрации в информационной системе уведомления о прекращении трудового договора",
     "Registration in the information system of the notification of the termination of an employment contract"},
    {"form.verification_code", "Yoxlama kodu", "Код проверки", "Verification code"},
    {"form.verify_hint",
     "Sənədin həqiqiliyini yoxlamaq üçün QR kodu skan edin və ya bu ünvanda yoxlama kodunu daxil edin:",
     "Чтобы проверить подлинность документа, отсканируйте QR-код или введите код проверки по адресу:",
     "To check this document, scan the QR code or enter the verification code at:"},
    {"printer.job.canceled", "Ləğv edildi", "Отменено", "Canceled"},
    {"printer.job.completed", "Çap olundu", "Напечатано", "Printed"},
    {"printer.job.failed", "Çap olunmadı", "Не напечатано", "Not printed"},
    {"printer.job.held", "Saxlanılıb: printer hazır deyil", "Задержано: принтер не готов",
     "Held: the printer is not ready"},
    {"printer.job.printing", "Çap olunur", "Печатается", "Printing"},
    {"printer.job.queued", "Növbədədir", "В очереди", "Queued"},
    {"printer.job.submitting", "Printerə göndərilir", "Отправляется на принтер", "Sending to the printer"},
    {"printer.reason.door_open", "Printerin qapağı açıqdır", "Открыта крышка принтера",
     "A printer cover is open"},
    {"printer.reason.media_empty", "Kağız qurtarıb", "Закончилась бумага", "Out of paper"},
    {"printer.reason.media_jam", "Kağız ilişib", "Замятие бумаги", "Paper jam"},
    {"printer.reason.offline", "Printer əlçatan deyil", "Принтер недоступен", "Printer offline"},
    {"printer.reason.toner_low", "Toner azalıb", "Мало тонера", "Toner low"},
    {"printer.state.idle", "Hazırdır", "Готов", "Ready"},
    {"printer.state.processing", "Çap edir", "Печатает", "Printing"},
    {"printer.state.stopped", "Dayanıb", "Остановлен", "Stopped"},
    {"printer.take_document", "Sənədinizi götürün", "Заберите документ", "Please take your document"},
    {"printer.test_page_sent", "Sınaq səhifəsi çap olundu", "Тестовая страница напечатана",
     "Test page printed"},
    {"summary.current", "Hazırkı iş yeri", "Текущее место работы", "Current employment"},
    {"summary.none", "Qüvvədə olan əmək müqaviləsi yoxdur", "Действующих трудовых договоров нет",
     "No contract in force"},
    {"tab.contracts", "Bağlanma və dəyişikliklər", "Заключение и изменения", "Conclusion and amendments"},
    {"tab.termination", "Xitam", "Прекращение", "Termination"},
    {"testpage.alphabet", "Əlifba", "Алфавит", "Alphabet"},
    {"testpage.check", "Bu səhifə tam, aydın və kənarları kəsilmədən çap olunubsa, printer qaydasındadır.",
     "Если страница напечатана полностью, чётко и без обрезанных краёв, принтер исправен.",
     "If this page printed completely, sharply and with no edge cut off, the printer works."},
    {"testpage.grey", "Boz çalarlar", "Оттенки серого", "Grey levels"},
    {"testpage.title", "Printerin sınaq səhifəsi", "Тестовая страница принтера", "Printer test page"},
});

constexpr bool sorted_by_key() {
    for (std::size_t i = 1; i < k_table.size(); ++i)
        if (!(k_table[i - 1].key < k_table[i].key)) return false;
    return true;
}

static_assert(sorted_by_key(), "keep k_table sorted by key: lookups are binary searches");

} // namespace

std::optional<Lang> parse_lang(std::string_view code) {
    if (code == "az") return Lang::Az;
    if (code == "ru") return Lang::Ru;
    if (code == "en") return Lang::En;
    return std::nullopt;
}

std::string_view lang_code(Lang lang) {
    switch (lang) {
    case Lang::Az: return "az";
    case Lang::Ru: return "ru";
    case Lang::En: return "en";
    }
    return "az";
}

std::string_view tr(std::string_view key, Lang lang) {
    auto it = std::lower_bound(k_table.begin(), k_table.end(), key,
                               [](const Entry& e, std::string_view k) { return e.key < k; });
    if (it == k_table.end() || it->key != key) return key;
    switch (lang) {
    case Lang::Az: return it->az;
    case Lang::Ru: return it->ru;
    case Lang::En: return it->en;
    }
    return it->az;
}

std::string error_text(std::string_view code, Lang lang) {
    std::string key = "error." + std::string(code);
    std::string_view text = tr(key, lang);
    if (text == key) return std::string(tr("error.store_error", lang)) + " (" + std::string(code) + ")";
    return std::string(text);
}

std::size_t translation_count() { return k_table.size(); }
std::string_view translation_key(std::size_t index) { return k_table.at(index).key; }

} // namespace kiosk
