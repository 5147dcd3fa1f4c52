package rectify

import "testing"

func TestFillFromUnit(t *testing.T) {
	unit := &Unit{Name: "中共青石县水务局党组", Contact: Contact{Phone: "0000-1111111", Mailbox: "青石县邮政9信箱"}}
	tests := []struct {
		name     string
		in       Inspection
		wantName string
		want     Contact
	}{
		{"nothing of its own: the unit's", Inspection{}, unit.Name, unit.Contact},
		{"its own name and contacts stay", Inspection{UnitName: "水务局党组", Contact: Contact{Email: "a@example.cn"}},
			"水务局党组", Contact{Email: "a@example.cn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.FillFromUnit(unit)
			if in.UnitName != tt.wantName || in.Contact != tt.want {
				t.Errorf("got %q %+v, want %q %+v", in.UnitName, in.Contact, tt.wantName, tt.want)
			}
		})
	}
}
