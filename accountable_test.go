package rectify_test

import (
	"reflect"
	"testing"

	"github.com/rectify-dev/rectify"
)

// TestAccountableOnce: an inspection's people held accountable are counted
// once — by its records where it has them, else by its texts' figures —
// and the money, rules and counts beside them are kept.
func TestAccountableOnce(t *testing.T) {
	money := rectify.QuantityLine{Kind: rectify.QuantityMoney, Meaning: "追回", Unit: "元", Value: 120000, Count: 1}
	said := rectify.QuantityLine{Kind: rectify.QuantityPerson, Meaning: "诫勉谈话", Unit: "人次", Value: 2, Count: 1}
	recorded := rectify.QuantityLine{Kind: rectify.QuantityPerson, Meaning: "诫勉", Unit: "人次", Value: 2, Count: 2}
	tests := []struct {
		name             string
		figures, records []rectify.QuantityLine
		want             []rectify.QuantityLine
		accountable      float64
	}{
		{"texts only: their figures", []rectify.QuantityLine{money, said}, nil, []rectify.QuantityLine{money, said}, 2},
		{"records only: the records", nil, []rectify.QuantityLine{recorded}, []rectify.QuantityLine{recorded}, 2},
		{"both tell of the same people: the records, once", []rectify.QuantityLine{money, said}, []rectify.QuantityLine{recorded},
			[]rectify.QuantityLine{money, recorded}, 2},
		{"neither", []rectify.QuantityLine{money}, nil, []rectify.QuantityLine{money}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rectify.AccountableOnce(tt.figures, tt.records)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			var sum rectify.QuantityTotals
			for _, l := range got {
				sum.AddLine(l)
			}
			if sum.Accountable != tt.accountable {
				t.Errorf("问责 %v 人次, want %v", sum.Accountable, tt.accountable)
			}
		})
	}
}
