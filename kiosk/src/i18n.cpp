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
    {"error.bad_argument", "Yanlış parametr", "Неверный параметр", "Invalid argument"},
    {"error.bad_format", "Sahənin formatı yanlışdır", "Неверный формат поля", "A field has the wrong format"},
    {"error.bad_json", "Qeyd JSON formatında deyil", "Запись не является корректным JSON", "The record is not valid JSON"},
    {"error.bad_type", "Sahənin tipi yanlışdır", "Неверный тип поля", "A field has the wrong type"},
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
    {"error.oversized", "Sahə icazə veriləndən uzundur", "Поле длиннее допустимого", "A field is longer than allowed"},
    {"error.schema_too_new", "Məlumat bazası bu proqramdan yenidir", "База данных новее этой программы",
     "The database is newer than this program"},
    {"error.store_busy", "Məlumat bazası məşğuldur", "База данных занята", "The database is busy"},
    {"error.store_corrupt", "Məlumat bazası zədələnib", "База данных повреждена", "The database is damaged"},
    {"error.store_error", "Məlumat bazası xətası", "Ошибка базы данных", "Database error"},
    {"error.store_full", "Diskdə yer yoxdur", "Нет места на диске", "The disk is full"},
    {"error.store_open_failed", "Məlumat bazası açıla bilmir", "Не удаётся открыть базу данных",
     "The database cannot be opened"},
    {"error.unknown_enum", "Sahənin dəyəri siyahıda yoxdur", "Значение поля отсутствует в списке", "A field's value is not in its list"},
    {"error.unknown_table", "Naməlum cədvəl", "Неизвестная таблица", "Unknown table"},
    {"summary.current", "Hazırkı iş yeri", "Текущее место работы", "Current employment"},
    {"summary.none", "Qüvvədə olan əmək müqaviləsi yoxdur", "Действующих трудовых договоров нет",
     "No contract in force"},
    {"tab.contracts", "Bağlanma və dəyişikliklər", "Заключение и изменения", "Conclusion and amendments"},
    {"tab.termination", "Xitam", "Прекращение", "Termination"},
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
