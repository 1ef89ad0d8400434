import { describe, expect, it } from 'vitest';
import { toolkitPricingUnits, toolkitServices } from '../../ingest/finops-toolkit.js';
import { FOCUS_SUBCATEGORIES, isFocusSubcategory } from '../../ingest/focus-service-subcategories.js';
import { CLASS_BY_SERVICE } from '../../ingest/service-category.js';

describe('service and unit lookups', () => {
  it('every hand-mapped service has a category and subcategory pair FOCUS 1.2 allows', () => {
    const wrong = Object.entries(CLASS_BY_SERVICE).filter(([, [category, sub]]) => !isFocusSubcategory(category, sub));
    expect(wrong).toEqual([]);
  });

  it("reads the FinOps toolkit's services lookup, quoted fields included", () => {
    const services = toolkitServices();
    expect(services.size).toBeGreaterThan(300);
    expect(services.get('Virtual Machines')).toEqual({ category: 'Compute', subcategory: 'Virtual Machines' });
    // Every category the toolkit uses is one FOCUS 1.2 knows; its two unknown subcategories are handled by the mapping.
    const categories = new Set([...services.values()].map((s) => s.category));
    expect([...categories].filter((c) => !FOCUS_SUBCATEGORIES[c])).toEqual([]);
  });

  it("reads the toolkit's pricing units with block sizes", () => {
    const units = toolkitPricingUnits();
    expect(units.get('10 Hours')).toEqual({ unit: 'Hours', blockSize: 10 });
    expect(units.get('1 Hour')).toEqual({ unit: 'Hours', blockSize: 1 });
  });
});
