package seed

import "time"

// holiday is a day public offices in Cremona are closed.
type holiday struct {
	month time.Month
	day   int
	name  map[string]string
}

// fixedHolidays are Italy's national holidays plus Cremona's patron saint.
var fixedHolidays = []holiday{
	{time.January, 1, map[string]string{"it": "Capodanno", "en": "New Year's Day", "ar": "رأس السنة الميلادية"}},
	{time.January, 6, map[string]string{"it": "Epifania", "en": "Epiphany", "ar": "عيد الغطاس"}},
	{time.April, 25, map[string]string{"it": "Festa della Liberazione", "en": "Liberation Day", "ar": "عيد التحرير"}},
	{time.May, 1, map[string]string{"it": "Festa del Lavoro", "en": "Labour Day", "ar": "عيد العمال"}},
	{time.June, 2, map[string]string{"it": "Festa della Repubblica", "en": "Republic Day", "ar": "عيد الجمهورية"}},
	{time.August, 15, map[string]string{"it": "Ferragosto", "en": "Assumption Day", "ar": "عيد انتقال العذراء"}},
	{time.November, 1, map[string]string{"it": "Ognissanti", "en": "All Saints' Day", "ar": "عيد جميع القديسين"}},
	{time.November, 13, map[string]string{"it": "Sant'Omobono, patrono di Cremona", "en": "Saint Homobonus, patron of Cremona", "ar": "عيد القديس أوموبونو شفيع كريمونا"}},
	{time.December, 8, map[string]string{"it": "Immacolata Concezione", "en": "Immaculate Conception", "ar": "عيد الحبل بلا دنس"}},
	{time.December, 25, map[string]string{"it": "Natale", "en": "Christmas Day", "ar": "عيد الميلاد"}},
	{time.December, 26, map[string]string{"it": "Santo Stefano", "en": "Saint Stephen's Day", "ar": "عيد القديس إسطفانوس"}},
}

var easterMondayName = map[string]string{"it": "Lunedì dell'Angelo", "en": "Easter Monday", "ar": "إثنين الفصح"}

// easter returns Easter Sunday of a year (anonymous Gregorian algorithm).
func easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// holidaysBetween lists the holidays from `from` for `days` days, as dates.
func holidaysBetween(from time.Time, days int) map[string]map[string]string {
	out := map[string]map[string]string{}
	to := from.AddDate(0, 0, days)
	for year := from.Year(); year <= to.Year(); year++ {
		dates := map[time.Time]map[string]string{easter(year).AddDate(0, 0, 1): easterMondayName}
		for _, h := range fixedHolidays {
			dates[time.Date(year, h.month, h.day, 0, 0, 0, 0, time.UTC)] = h.name
		}
		for date, name := range dates {
			if !date.Before(from) && date.Before(to) {
				out[date.Format(time.DateOnly)] = name
			}
		}
	}
	return out
}
